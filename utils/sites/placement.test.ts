/**
 * Where the follow button goes on each header the sandbox serves (issue 14): a table per site of header variants
 * × languages, each with the anchor it must give, then the cases the sandbox cannot show (languages it does not
 * speak, a page whose two signals disagree). The pages are what the sandbox serves, parsed by linkedom: no layout,
 * so this checks the structure; tests/e2e/follow-placement.e2e.ts checks the pixels in both browsers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SITE_LANGUAGES, siteCopy, type SiteLanguage } from '../../sandbox/remote/web/site-copy';
import { BROWSER, remoteWorld } from '../../tests/sandbox/remote-harness';
import { LABELS } from './follow-labels';
import { instagram } from './instagram';
import { BUTTON_SELECTOR, isAnchor, visibleText } from './profile-dom';
import { threads } from './threads';
import type { Anchor, SiteAdapter } from './types';

const world = remoteWorld();
const federation = world.moduleFor('threads.net');
const admin = (op: string, body: Record<string, unknown>) => federation.admin?.(op, body);

afterEach(() => {
  for (const module of world.modules) module.reset?.();
});

async function page(url: string): Promise<Document> {
  const reply = await world.get(url, BROWSER);
  expect(reply.status).toBe(200);
  return reply.document();
}

const THREADS = (language: SiteLanguage) => `https://www.threads.com/@juno.field?hl=${language}`;
const INSTAGRAM = (language: SiteLanguage) => `https://www.instagram.com/juno.field/?hl=${language}`;

function anchorOn(site: SiteAdapter, doc: Document): Anchor {
  const placement = site.findAnchor(doc, 'juno.field');
  if (!isAnchor(placement)) throw new Error(`no anchor: ${String(placement)}`);
  return placement;
}

/** The labelled control the host would follow in its row, or the control it is placed right after. */
function besideLabel(anchor: Anchor): string {
  return anchor.element.matches(BUTTON_SELECTOR)
    ? visibleText(anchor.element)
    : visibleText(anchor.element.querySelector(BUTTON_SELECTOR) ?? anchor.element);
}

function expectInRowOfFollow(anchor: Anchor, follow: string): void {
  expect(visibleText(anchor.control as Element)).toBe(follow);
  // The anchor is the control's own box or a box of the same row.
  const row = anchor.element.parentElement;
  expect(row?.contains(anchor.control as Element)).toBe(true);
  expect(anchor.element.closest('[role="menu"], li, a, span')).toBeNull();
  expect(anchor.position).toBe('afterend');
}

interface Variant {
  name: string;
  patch: Record<string, unknown>;
  /** The label of the control the button goes right after, from the page's copy. */
  after: (language: SiteLanguage) => string;
}

const INSTAGRAM_VARIANTS: Variant[] = [
  { name: 'classic', patch: {}, after: (l) => siteCopy(l).message },
  {
    name: '2025, Follow alone, 5 highlights, 3 bio links',
    patch: { headerVariant: '2025', followOnly: true, highlights: 5, bioLinks: 3 },
    after: (l) => siteCopy(l).follow,
  },
  {
    name: '2025, Follow and Message, 1 highlight, 1 bio link',
    patch: { headerVariant: '2025', highlights: 1, bioLinks: 1 },
    after: (l) => siteCopy(l).message,
  },
  { name: '2025, no highlights', patch: { headerVariant: '2025' }, after: (l) => siteCopy(l).message },
];

describe('Instagram: header variants × languages', () => {
  const cases = INSTAGRAM_VARIANTS.flatMap((variant) =>
    SITE_LANGUAGES.map((language) => [variant.name, language, variant] as const),
  );
  it.each(cases)('%s, in %s: beside Follow', async (_name, language, variant) => {
    await admin('set-account', { username: 'juno.field', ...variant.patch });
    const anchor = anchorOn(instagram, await page(INSTAGRAM(language)));
    expectInRowOfFollow(anchor, siteCopy(language).follow);
    expect(besideLabel(anchor)).toBe(variant.after(language));
  });

  it.each(SITE_LANGUAGES)('one’s own profile, in %s: no button', async (language) => {
    await admin('set-visitor', { username: 'juno.field' });
    for (const patch of [{}, { headerVariant: '2025', highlights: 5 }]) {
      await admin('set-account', { username: 'juno.field', ...patch });
      expect(instagram.findAnchor(await page(INSTAGRAM(language)), 'juno.field')).toBe('own-profile');
    }
  });

  it.each(SITE_LANGUAGES)('logged out, in %s: beside Follow', async (language) => {
    await admin('set-visitor', { loggedIn: false });
    await admin('set-account', { username: 'juno.field', headerVariant: '2025', highlights: 5, bioLinks: 3 });
    const anchor = anchorOn(instagram, await page(INSTAGRAM(language)));
    expectInRowOfFollow(anchor, siteCopy(language).follow);
  });
});

describe('Threads: languages', () => {
  it.each(SITE_LANGUAGES)('in %s: after Mention, beside Follow', async (language) => {
    const anchor = anchorOn(threads, await page(THREADS(language)));
    expectInRowOfFollow(anchor, siteCopy(language).follow);
    expect(besideLabel(anchor)).toBe(siteCopy(language).mention);
  });

  it.each(SITE_LANGUAGES)('one’s own profile, in %s: no button', async (language) => {
    await admin('set-visitor', { username: 'juno.field' });
    expect(threads.findAnchor(await page(THREADS(language)), 'juno.field')).toBe('own-profile');
  });

  it.each(SITE_LANGUAGES)('logged out, in %s: beside Follow', async (language) => {
    await admin('set-visitor', { loggedIn: false });
    const anchor = anchorOn(threads, await page(THREADS(language)));
    expectInRowOfFollow(anchor, siteCopy(language).follow);
  });
});

/** Rewrites the page's labels, as a language the sandbox does not speak would. */
function relabel(doc: Document, labels: Record<string, string>): void {
  for (const control of doc.querySelectorAll(BUTTON_SELECTOR)) {
    const label = labels[visibleText(control)];
    if (!label) continue;
    const leaf = [...control.querySelectorAll('*')].find((e) => e.children.length === 0) ?? control;
    leaf.textContent = label;
  }
}

describe('every language of the label table', () => {
  const languages = Object.keys(LABELS);

  it.each(languages)('Instagram 2025 with Follow alone, in %s', async (language) => {
    await admin('set-account', {
      username: 'juno.field',
      headerVariant: '2025',
      followOnly: true,
      highlights: 5,
    });
    const doc = await page(INSTAGRAM('en'));
    const follow = LABELS[language]?.follow[0] ?? '';
    relabel(doc, { Follow: follow });
    expectInRowOfFollow(anchorOn(instagram, doc), follow);
  });

  it.each(languages)('Threads, in %s, and one’s own profile', async (language) => {
    const labels = LABELS[language];
    const doc = await page(THREADS('en'));
    relabel(doc, { Follow: labels?.follow[0] ?? '', Mention: '…' });
    expectInRowOfFollow(anchorOn(threads, doc), labels?.follow[0] ?? '');
    relabel(doc, { [labels?.follow[0] ?? '']: labels?.own[0] ?? '' });
    expect(threads.findAnchor(doc, 'juno.field')).toBe('own-profile');
  });

  it('finds the follow control by position in a language the table lacks', async () => {
    await admin('set-account', { username: 'juno.field', headerVariant: '2025', highlights: 5, bioLinks: 3 });
    const doc = await page(INSTAGRAM('en'));
    relabel(doc, { Follow: 'Sundan', Message: 'Mensahe' }); // Filipino
    const anchor = anchorOn(instagram, doc);
    expectInRowOfFollow(anchor, 'Sundan');
    expect(besideLabel(anchor)).toBe('Mensahe');
  });
});

describe('a wrong place is worse than the floating button', () => {
  it('gives no anchor when position and words point at different rows', async () => {
    await admin('set-account', { username: 'juno.field', headerVariant: '2025' });
    const doc = await page(INSTAGRAM('en'));
    // A labelled control in a block of its own before the actions: by position it would be "the follow control".
    const header = doc.querySelector('header') as Element;
    const block = doc.createElement('section');
    const control = doc.createElement('div');
    control.setAttribute('role', 'button');
    control.textContent = 'Subscribe';
    block.append(control);
    header.insertBefore(block, header.children[2] ?? null);
    expect(instagram.findAnchor(doc, 'juno.field')).toBeNull();
  });

  it('never anchors in the highlights, the bio or the stats, even with nothing else to go on', async () => {
    await admin('set-account', { username: 'juno.field', headerVariant: '2025', highlights: 5, bioLinks: 3 });
    const doc = await page(INSTAGRAM('en'));
    // The actions section goes (a redesign): what is left are the bio, its link button, the stats and the tray.
    doc.querySelector('header > section:nth-child(3)')?.remove();
    expect(instagram.findAnchor(doc, 'juno.field')).toBeNull();
  });
});
