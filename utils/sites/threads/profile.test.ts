/**
 * Selector twins (refined-github style): each finder and selector against the sandbox's Threads pages, with the
 * number of matches it must give. The pages are what the sandbox serves on www.threads.com, parsed by linkedom.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { threadsPostsOf } from '../../../sandbox/remote/threads-content';
import { findThreadsAccount } from '../../../sandbox/remote/threads-accounts';
import { BROWSER, remoteWorld } from '../../../tests/sandbox/remote-harness';
import { BUTTON_SELECTOR, isAnchor, visibleText } from '../profile-dom';
import { threads } from '.';
import { threadsSelectors } from './profile';

const world = remoteWorld();
const ORIGIN = 'https://www.threads.com';

async function page(path: string): Promise<Document> {
  const reply = await world.get(`${ORIGIN}${path}`, BROWSER);
  return reply.document();
}

function anchorIn(doc: Document, username: string) {
  const placement = threads.findAnchor(doc, username);
  return isAnchor(placement) ? placement : null;
}

const juno = findThreadsAccount('juno.field');
const postCode = juno && threadsPostsOf(juno)[0]?.code;

interface Twin {
  page: string;
  path: string;
  username: string;
  header: number;
  anchor: number;
  area: number;
  /** querySelectorAll counts of threadsSelectors on the whole page. */
  main: number;
  column: number;
  heading: number;
  tablist: number;
  /** Buttons inside the header the finder returned. */
  headerButtons: number;
}

const profile = {
  header: 1,
  anchor: 1,
  area: 1,
  main: 1,
  column: 1,
  heading: 1,
  tablist: 1,
  headerButtons: 3,
};
const noProfile = {
  header: 0,
  anchor: 0,
  area: 1,
  main: 1,
  column: 1,
  heading: 0,
  tablist: 0,
  headerButtons: 0,
};

const TWINS: Twin[] = [
  { page: 'profile, light', path: '/@juno.field?theme=light', username: 'juno.field', ...profile },
  { page: 'profile, dark', path: '/@juno.field?theme=dark', username: 'juno.field', ...profile },
  { page: 'profile with fediverse badge', path: '/@quiet.harbor', username: 'quiet.harbor', ...profile },
  { page: 'profile not on the fediverse', path: '/@nora.offgrid', username: 'nora.offgrid', ...profile },
  { page: 'verified account', path: '/@vesper.studio', username: 'vesper.studio', ...profile },
  { page: 'very long display name', path: '/@leo.longname', username: 'leo.longname', ...profile },
  { page: 'username in another case', path: '/@Juno.Field', username: 'Juno.Field', ...profile },
  { page: 'replies tab', path: '/@juno.field/replies', username: 'juno.field', ...profile },
  { page: 'media tab', path: '/@juno.field/media', username: 'juno.field', ...profile },
  { page: 'reposts tab', path: '/@juno.field/reposts', username: 'juno.field', ...profile },
  { page: 'post page', path: `/@juno.field/post/${postCode ?? ''}`, username: 'juno.field', ...noProfile },
  { page: 'feed', path: '/', username: 'juno.field', ...noProfile },
  { page: 'search', path: '/search', username: 'juno.field', ...noProfile },
  { page: 'activity (logged out)', path: '/activity', username: 'juno.field', ...noProfile },
  // The header of another profile (the SPA has not replaced it yet): not this profile's header.
  {
    page: 'another profile',
    path: '/@nora.offgrid',
    username: 'juno.field',
    ...profile,
    header: 0,
    anchor: 0,
    headerButtons: 0,
  },
  // Changed markup (sandbox/fixtures/README.md): the header is found, its buttons are not, the area is.
  {
    page: 'changed header markup',
    path: '/@remix.header',
    username: 'remix.header',
    ...profile,
    anchor: 0,
    headerButtons: 1,
  },
];

describe('Threads selector twins', () => {
  it.each(TWINS)('$page', async (twin) => {
    const doc = await page(twin.path);
    const header = threads.findHeader(doc, twin.username);
    expect({
      header: header ? 1 : 0,
      anchor: threads.findAnchor(doc, twin.username) ? 1 : 0,
      area: threads.findProfileArea(doc) ? 1 : 0,
      main: doc.querySelectorAll(threadsSelectors.main).length,
      column: doc.querySelectorAll(threadsSelectors.column).length,
      heading: doc.querySelectorAll(threadsSelectors.heading).length,
      tablist: doc.querySelectorAll(threadsSelectors.tablist).length,
      headerButtons: header?.querySelectorAll(BUTTON_SELECTOR).length ?? 0,
    }).toEqual({
      header: twin.header,
      anchor: twin.anchor,
      area: twin.area,
      main: twin.main,
      column: twin.column,
      heading: twin.heading,
      tablist: twin.tablist,
      headerButtons: twin.headerButtons,
    });
  });
});

describe('Threads anchors', () => {
  it('puts the button after Mention, in the row of the native Follow', async () => {
    const doc = await page('/@juno.field');
    const anchor = anchorIn(doc, 'juno.field');
    expect(anchor?.position).toBe('afterend');
    expect(visibleText(anchor?.element as Element)).toBe('Mention');
    const row = anchor?.element.parentElement;
    expect([...(row?.children ?? [])].map((c) => c.getAttribute('role'))).toEqual(['button', 'button']);
    expect(row?.textContent).toContain('Follow');
  });

  it('finds the header with its handle, avatar and buttons, and not the tabs or posts', async () => {
    const doc = await page('/@vesper.studio');
    const header = threads.findHeader(doc, 'vesper.studio');
    expect(header?.querySelector('h1')?.firstChild?.textContent).toBe('Vesper Studio');
    expect(header?.querySelector('img[alt="vesper.studio\'s profile picture"]')).not.toBeNull();
    expect(header?.querySelector('[role="tablist"], [data-pressable-container]')).toBeNull();
  });

  it('finds the row by structure in a translated interface', async () => {
    const doc = await page('/@juno.field');
    const labels: Record<string, string> = { Follow: 'Folgen', Mention: 'Erwähnen' };
    for (const button of doc.querySelectorAll('[role="button"]')) {
      const label = labels[visibleText(button)];
      if (label) (button.firstElementChild as Element).textContent = label;
    }
    for (const img of doc.querySelectorAll('img[alt$="profile picture"]'))
      img.setAttribute('alt', `Profilbild von ${img.getAttribute('alt')?.split("'")[0] ?? ''}`);
    const anchor = anchorIn(doc, 'juno.field');
    expect(visibleText(anchor?.element as Element)).toBe('Erwähnen');
  });

  it('falls back to the Follow label when the button stands alone', async () => {
    const doc = await page('/@juno.field');
    const mention = [...doc.querySelectorAll('[role="button"]')].find((b) => visibleText(b) === 'Mention');
    mention?.remove();
    const anchor = anchorIn(doc, 'juno.field');
    expect(anchor).toEqual({ element: expect.anything(), position: 'afterend', control: expect.anything() });
    expect(visibleText(anchor?.element as Element)).toBe('Follow');
  });

  it('finds nothing until the SPA inserts the header, then finds the new one', async () => {
    // What the page holds between the content and the header (fixtures README, SPA behaviour).
    const doc = await page('/@juno.field');
    const old = threads.findHeader(doc, 'juno.field');
    const markup = old?.outerHTML ?? '';
    old?.remove();
    expect(threads.findHeader(doc, 'juno.field')).toBeNull();
    expect(threads.findAnchor(doc, 'juno.field')).toBeNull();
    expect(threads.findProfileArea(doc)).not.toBeNull();
    const fresh = parseHTML(`<div>${markup}</div>`).document.querySelector('div > div') as unknown as Element;
    doc.querySelector('[role="tablist"]')?.parentElement?.prepend(fresh);
    expect(threads.findHeader(doc, 'juno.field')).toBe(fresh);
  });
});
