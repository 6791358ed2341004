/**
 * Selector twins (refined-github style): each finder and selector against the sandbox's Instagram pages, with the
 * number of matches it must give. The pages are what the sandbox serves on www.instagram.com, parsed by linkedom.
 */
import { describe, expect, it } from 'vitest';
import { findThreadsAccount } from '../../../sandbox/remote/threads-accounts';
import { instagramPostsOf } from '../../../sandbox/remote/threads-content';
import { INSTAGRAM_RESERVED_PATHS } from '../../../sandbox/remote/web/instagram-site';
import { BROWSER, remoteWorld } from '../../../tests/sandbox/remote-harness';
import { BUTTON_SELECTOR, isAnchor, visibleText } from '../profile-dom';
import { instagram } from '.';
import { INSTAGRAM_RESERVED, instagramSelectors } from './profile';

const world = remoteWorld();
const ORIGIN = 'https://www.instagram.com';

async function page(path: string): Promise<Document> {
  const reply = await world.get(`${ORIGIN}${path}`, BROWSER);
  expect(reply.status).toBeLessThan(300);
  return reply.document();
}

function anchorIn(doc: Document, username: string) {
  const placement = instagram.findAnchor(doc, username);
  return isAnchor(placement) ? placement : null;
}

const juno = findThreadsAccount('juno.field');
const post = juno && instagramPostsOf(juno)[0];

interface Twin {
  page: string;
  path: string;
  username: string;
  header: number;
  anchor: number;
  area: number;
  /** querySelectorAll counts of instagramSelectors on the whole page. */
  main: number;
  headers: number;
  /** Inside the header the finder returned. */
  headings: number;
  headerButtons: number;
}

const profile = { header: 1, anchor: 1, area: 1, main: 1, headers: 1, headings: 1, headerButtons: 4 };
const noProfile = { header: 0, anchor: 0, area: 1, main: 1, headers: 0, headings: 0, headerButtons: 0 };

const TWINS: Twin[] = [
  { page: 'profile, light', path: '/juno.field/?theme=light', username: 'juno.field', ...profile },
  { page: 'profile, dark', path: '/juno.field/?theme=dark', username: 'juno.field', ...profile },
  { page: 'verified account', path: '/vesper.studio/', username: 'vesper.studio', ...profile },
  { page: 'very long display name', path: '/leo.longname/', username: 'leo.longname', ...profile },
  { page: 'private account', path: '/ivy.private/', username: 'ivy.private', ...profile },
  { page: 'username in another case', path: '/Juno.Field/', username: 'Juno.Field', ...profile },
  { page: 'reels tab', path: '/juno.field/reels/', username: 'juno.field', ...profile },
  { page: 'tagged tab', path: '/juno.field/tagged/', username: 'juno.field', ...profile },
  // The post's own header (author avatar and link) is not a profile header.
  {
    page: 'post page',
    path: `/${post?.kind ?? 'p'}/${post?.code ?? ''}/`,
    username: 'juno.field',
    ...noProfile,
    headers: 1,
  },
  { page: 'explore', path: '/explore/', username: 'juno.field', ...noProfile },
  { page: 'login', path: '/accounts/login/', username: 'juno.field', ...noProfile },
  {
    page: 'another profile',
    path: '/nora.offgrid/',
    username: 'juno.field',
    ...profile,
    header: 0,
    anchor: 0,
    headings: 0,
    headerButtons: 0,
  },
  // Changed markup (sandbox/fixtures/README.md): the header is found, its buttons are not, the area is.
  {
    page: 'changed header markup',
    path: '/remix.header/',
    username: 'remix.header',
    ...profile,
    anchor: 0,
    headerButtons: 1,
  },
];

describe('Instagram selector twins', () => {
  it.each(TWINS)('$page', async (twin) => {
    const doc = await page(twin.path);
    const header = instagram.findHeader(doc, twin.username);
    expect({
      header: header ? 1 : 0,
      anchor: instagram.findAnchor(doc, twin.username) ? 1 : 0,
      area: instagram.findProfileArea(doc) ? 1 : 0,
      main: doc.querySelectorAll(instagramSelectors.main).length,
      headers: doc.querySelectorAll(instagramSelectors.header).length,
      headings: header?.querySelectorAll(instagramSelectors.username).length ?? 0,
      headerButtons: header?.querySelectorAll(BUTTON_SELECTOR).length ?? 0,
    }).toEqual({
      header: twin.header,
      anchor: twin.anchor,
      area: twin.area,
      main: twin.main,
      headers: twin.headers,
      headings: twin.headings,
      headerButtons: twin.headerButtons,
    });
  });
});

describe('Instagram anchors', () => {
  it('puts the button after Message, before the icon-only Similar accounts', async () => {
    const doc = await page('/juno.field/');
    const anchor = anchorIn(doc, 'juno.field');
    expect(anchor?.position).toBe('afterend');
    expect(visibleText(anchor?.element as Element)).toBe('Message');
    const row = anchor?.element.parentElement;
    expect([...(row?.children ?? [])].map(visibleText)).toEqual(['Follow', 'Message', '']);
    expect(row?.querySelector('button')?.textContent).toBe('Follow');
  });

  it('finds the row by structure in a translated interface', async () => {
    const doc = await page('/juno.field/');
    const labels: Record<string, string> = { Follow: 'Seguir', Message: 'Enviar mensaje' };
    for (const button of doc.querySelectorAll(BUTTON_SELECTOR)) {
      const label = labels[visibleText(button)];
      if (label) button.textContent = label;
    }
    const anchor = anchorIn(doc, 'juno.field');
    expect(visibleText(anchor?.element as Element)).toBe('Enviar mensaje');
  });

  it('falls back to the Follow label when the button stands alone', async () => {
    const doc = await page('/juno.field/');
    for (const button of doc.querySelectorAll('header [role="button"]')) button.removeAttribute('role');
    const anchor = anchorIn(doc, 'juno.field');
    expect(anchor?.position).toBe('afterend');
    expect(anchor?.element.querySelector('button')?.textContent).toBe('Follow');
  });

  it('places the floating button in the column that holds the header', async () => {
    const doc = await page('/remix.header/');
    const area = instagram.findProfileArea(doc);
    expect(area?.parentElement?.matches('main[role="main"]')).toBe(true);
    expect(area?.querySelector('header')).toBe(instagram.findHeader(doc, 'remix.header'));
  });
});

describe('Instagram reserved paths', () => {
  it('denies every first segment the sandbox serves as a non-profile page', () => {
    expect(INSTAGRAM_RESERVED_PATHS.filter((segment) => !INSTAGRAM_RESERVED.has(segment))).toEqual([]);
  });
});
