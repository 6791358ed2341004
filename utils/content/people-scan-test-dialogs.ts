/**
 * Test doubles of the sites' Following dialogs, built node by node like sandbox/fixtures/{threads,instagram}/
 * following-dialog.js (site-dom.md D1–D6, G1–G5): same roles, hrefs and nesting, atomic class names for realism.
 * happy-dom has no layout, so the scroller reports a height from its row count, and assigning its `scrollTop`
 * near the bottom loads the next page after `delayMs`, as a scroll event does on the real pages.
 */
import type { ScannedPerson } from '@/utils/people-protocol';

export const ROW_PX = 60;
export const VIEW_PX = 400;
const NEAR_BOTTOM_PX = 300;

export function people(count: number, prefix = 'friend'): ScannedPerson[] {
  return Array.from({ length: count }, (_, i) => ({
    username: `${prefix}.${i + 1}`,
    displayName: i % 7 === 3 ? '' : `Friend ${i + 1}`,
  }));
}

function el(
  tag: string,
  className = '',
  attrs: Record<string, string> = {},
  children: Node[] = [],
): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function text(tag: string, className: string, attrs: Record<string, string>, content: string): HTMLElement {
  const node = el(tag, className, attrs);
  node.textContent = content;
  return node;
}

export interface PagingOptions {
  pageSize?: number;
  delayMs?: number;
  /**
   * Stop answering after this many rows of the Following list, leaving the loader on screen (a site that
   * hangs).
   */
  hangAfter?: number;
  /** Build a row differently (the site changed its markup). */
  row?: (person: ScannedPerson) => HTMLElement;
}

export interface FakeDialog {
  portal: HTMLElement;
  dialog: HTMLElement;
  scroller: HTMLElement;
  /** How many pages were asked for. */
  readonly requests: number;
  /** Rows on screen. */
  rowCount(): number;
  close(): void;
}

interface Paging {
  scroller: HTMLElement;
  rows: HTMLElement;
  progress: HTMLElement;
  requests: number;
  reset(
    list: readonly ScannedPerson[],
    row: (person: ScannedPerson) => HTMLElement,
    options?: { onPage?: () => void; hangAfter?: number },
  ): void;
}

/** The scroller and its paging: the first page on open, the next when scrolled near the bottom. */
function paging(
  scroller: HTMLElement,
  rows: HTMLElement,
  progress: HTMLElement,
  options: PagingOptions,
): Paging {
  const pageSize = options.pageSize ?? 25;
  const delayMs = options.delayMs ?? 5;
  let list: readonly ScannedPerson[] = [];
  let build: (person: ScannedPerson) => HTMLElement = () => el('div');
  let next: number | null = 0;
  let loading = false;
  let generation = 0;
  let top = 0;
  let afterPage: (() => void) | undefined;
  let hangAfter: number | undefined;
  const height = () => rows.childElementCount * ROW_PX + (progress.isConnected ? 40 : 0);
  Object.defineProperty(scroller, 'scrollHeight', { get: height, configurable: true });
  Object.defineProperty(scroller, 'clientHeight', { get: () => VIEW_PX, configurable: true });
  const nearBottom = () => top + VIEW_PX >= height() - NEAR_BOTTOM_PX;
  const state: Paging = {
    scroller,
    rows,
    progress,
    requests: 0,
    reset(people, row, listOptions = {}) {
      list = people;
      build = options.row ?? row;
      afterPage = listOptions.onPage;
      hangAfter = listOptions.hangAfter;
      next = 0;
      loading = false;
      generation += 1;
      top = 0;
      rows.replaceChildren();
      scroller.append(progress);
      loadMore();
    },
  };
  const loadMore = () => {
    if (loading || next === null) return;
    if (hangAfter !== undefined && next >= hangAfter) return;
    loading = true;
    state.requests += 1;
    const asked = generation;
    setTimeout(() => {
      if (asked !== generation || !scroller.isConnected || next === null) return;
      const page = list.slice(next, next + pageSize);
      for (const person of page) rows.append(build(person));
      next = next + page.length < list.length ? next + page.length : null;
      loading = false;
      if (next === null) progress.remove();
      afterPage?.();
      if (nearBottom()) loadMore();
    }, delayMs);
  };
  Object.defineProperty(scroller, 'scrollTop', {
    get: () => top,
    set: (value: number) => {
      top = Math.max(0, Math.min(value, height() - VIEW_PX));
      if (nearBottom()) loadMore();
    },
  });
  return state;
}

function portalAround(dialog: HTMLElement): HTMLElement {
  const backdrop = el('div', 'x78zum5 xdt5ytf xg6iff7 xippug5 x1n2onr6', {}, [dialog]);
  return el('div', 'x1n2onr6 xzkaem6', {}, [el('div', 'x9f619 x1n2onr6 x1ja2u2z', {}, [backdrop])]);
}

/** One Threads row (D4): avatar link, username link, display name, the native "Following" button. */
export function threadsRow(person: ScannedPerson): HTMLElement {
  const href = `/@${person.username}`;
  const avatar = el('img', 'xl1xv1r x14yjl9h', {
    alt: `${person.username}'s profile picture`,
    src: 'data:,',
  });
  const name = text('span', 'x1lliihq x193iq5w', { dir: 'auto' }, person.username);
  const handleLine = el('div', 'x6s0dn4 x78zum5', {}, [
    el('a', 'x1i10hfl xjbqb8w', { href, role: 'link' }, [name]),
  ]);
  const displayName = text('span', 'x1lliihq x193iq5w xjohtrz', { dir: 'auto' }, person.displayName);
  const label = text('div', 'xlyipyv x6s0dn4', {}, 'Following');
  return el('div', 'x78zum5 xdt5ytf x5kalc8', {}, [
    el('div', 'x78zum5 x1q0g3np x6s0dn4', {}, [
      el('a', 'x1i10hfl xjbqb8w', { href, role: 'link', tabindex: '-1' }, [avatar]),
      el('div', 'x78zum5 xdt5ytf x1iyjqo2', {}, [handleLine, displayName]),
      el('div', 'x1i10hfl xjbqb8w xvuun6i', { role: 'button', tabindex: '0' }, [label]),
    ]),
  ]);
}

function threadsTab(label: string, count: number, selected: boolean): HTMLElement {
  return el(
    'div',
    'x78zum5 x1iyjqo2',
    { role: 'tab', 'aria-label': label, 'aria-selected': String(selected) },
    [
      el('div', 'x1i10hfl xjbqb8w x6s0dn4', { role: 'button', tabindex: '0' }, [
        text('span', 'x1lliihq x1plvlek', { dir: 'auto' }, label),
        text('span', 'x1lliihq xjohtrz', { title: String(count) }, String(count)),
      ]),
    ],
  );
}

export interface FakeThreadsDialog extends FakeDialog {
  tablist(): HTMLElement | null;
  /** Clicks a tab: the rows are replaced by the other list, as the sandbox's dialog does. */
  select(tab: 'followers' | 'following'): void;
}

/**
 * Threads' dialog (D1–D6): opens on the Followers tab; the tablist appears with the first page; the Following
 * tab shows `following`. `labels` replaces the tab labels (a translated interface).
 */
export function openThreadsDialog(
  lists: { followers: readonly ScannedPerson[]; following: readonly ScannedPerson[] },
  options: PagingOptions & { labels?: [string, string]; tab?: 'followers' | 'following' } = {},
): FakeThreadsDialog {
  const [followersLabel, followingLabel] = options.labels ?? ['Followers', 'Following'];
  const rows = el('div', 'x78zum5 xdt5ytf');
  const progress = el('div', 'x78zum5 xl56j7k', { role: 'progressbar', 'aria-label': 'Loading' });
  const scroller = el('div', 'xb57i2i x1q594ok x5lxg6s', { style: 'overflow-y: auto' }, [rows, progress]);
  const body = el('div', 'x78zum5 xdt5ytf x1iyjqo2', {}, [scroller]);
  const dialog = el('div', 'x1uvtmcs x4k7w5x', { role: 'dialog', 'aria-modal': 'true', tabindex: '-1' }, [
    el('div', 'x7r02ix xf1ldfh', {}, [body]),
  ]);
  const portal = portalAround(dialog);
  const page = paging(scroller, rows, progress, options);
  let tablist: HTMLElement | null = null;
  let shown: 'followers' | 'following' = options.tab ?? 'followers';
  const show = (tab: 'followers' | 'following') => {
    shown = tab;
    if (tablist)
      for (const candidate of tablist.querySelectorAll('[role="tab"]'))
        candidate.setAttribute(
          'aria-selected',
          String(
            candidate.getAttribute('aria-label') === (tab === 'following' ? followingLabel : followersLabel),
          ),
        );
    const onPage = () => {
      if (tablist) return;
      tablist = el('div', 'x78zum5 x1q0g3np', { role: 'tablist' }, [
        threadsTab(followersLabel, lists.followers.length, shown === 'followers'),
        threadsTab(followingLabel, lists.following.length, shown === 'following'),
      ]);
      body.prepend(tablist);
    };
    if (tab === 'following')
      page.reset(lists.following, threadsRow, { onPage, hangAfter: options.hangAfter });
    else page.reset(lists.followers, threadsRow, { onPage });
  };
  document.body.append(portal);
  show(shown);
  return {
    portal,
    dialog,
    scroller,
    get requests() {
      return page.requests;
    },
    rowCount: () => rows.childElementCount,
    close: () => portal.remove(),
    tablist: () => tablist,
    select: show,
  };
}

/** One Instagram row (G5): avatar in a span[role=link], username link, display name (may be empty), button. */
export function instagramRow(person: ScannedPerson): HTMLElement {
  const href = `/${person.username}/`;
  const avatar = el('img', 'xpdipgo x972fbf', { alt: `${person.username}'s profile picture`, src: 'data:,' });
  const username = text('span', '_ap3a _aaco _aacw _aacx _aad7 _aade', { dir: 'auto' }, person.username);
  const nameLine = el('div', 'x9f619 xjbqb8w x78zum5', {}, [
    el('a', 'x1i10hfl xjbqb8w notranslate _a6hd', { href, role: 'link', tabindex: '0' }, [
      el('div', 'x9f619 xjbqb8w x1rg5ohu', {}, [el('div', 'x1rg5ohu', {}, [username])]),
    ]),
  ]);
  const inner = text('span', 'x1lliihq x1plvlek', {}, person.displayName);
  const displayName = el('span', 'x1lliihq x193iq5w x6ikm8r', { dir: 'auto' }, [inner]);
  const label = text('div', '_ap3a _aaco _aacw _aad6 _aade', { dir: 'auto' }, 'Following');
  return el('div', 'x1dm5mii x16mil14 xiojian', {}, [
    el('div', 'x9f619 x1n2onr6 x1ja2u2z x78zum5', {}, [
      el('div', 'x9f619 x1n2onr6 x1ja2u2z', {}, [
        el('canvas', 'x1upo8f9 xpdipgo', { height: '50', width: '50' }),
        el('span', 'xnz67gz x14yjl9h', { role: 'link', tabindex: '-1' }, [avatar]),
      ]),
      el('div', 'x9f619 x1n2onr6 xdt5ytf', {}, [nameLine, displayName]),
      el('div', 'x9f619 x1n2onr6 x1ja2u2z', {}, [
        el('button', '_acan _acap _acat', { type: 'button' }, [el('div', 'x9f619 xjbqb8w', {}, [label])]),
      ]),
    ]),
  ]);
}

/** Instagram's dialog (G1–G5): title, close, search, the scroller with its rows and loader. */
export function openInstagramDialog(list: readonly ScannedPerson[], options: PagingOptions = {}): FakeDialog {
  const title = text('h1', 'x1lliihq x1plvlek', { dir: 'auto', tabindex: '-1' }, 'Following');
  const close = el('button', '_abl-', { type: 'button' }, [el('div', '_abm0', {}, [])]);
  const search = el('input', 'x1lugfcp x19g9edo', {
    'aria-label': 'Search input',
    placeholder: 'Search',
    type: 'text',
  });
  const rows = el('div', '', { style: 'display: flex; flex-direction: column; position: relative;' });
  const progress = el('div', 'x78zum5 xl56j7k', { role: 'progressbar', 'aria-label': 'Loading...' });
  const inner = el('div', '', { style: 'height: auto; overflow: hidden auto;' }, [rows, progress]);
  const scroller = el('div', 'xyi19xy x1ccrb07 xtf3nb5', { style: 'overflow-y: auto' }, [inner]);
  const dialog = el('div', 'x1uvtmcs x4k7w5x', { role: 'dialog', 'aria-modal': 'true', tabindex: '-1' }, [
    el('div', 'x7r02ix xf1ldfh', {}, [
      el('div', 'x9f619 x78zum5 xdt5ytf', {}, [
        el('div', 'x9f619 x78zum5 x1q0g3np', {}, [
          el('div', 'x1iyjqo2'),
          el('div', 'x9f619 x1n2onr6', {}, [title]),
          el('div', 'x1iyjqo2 x78zum5 x13a6bvl', {}, [close]),
        ]),
        el('div', 'x9f619 x1n2onr6 x1lq5wgf', {}, [search]),
        scroller,
      ]),
    ]),
  ]);
  const portal = portalAround(dialog);
  // The loader sits in the inner list, after the rows (G4): keep it there across resets.
  const page = paging(inner, rows, progress, options);
  Object.defineProperty(scroller, 'scrollHeight', { get: () => inner.scrollHeight });
  Object.defineProperty(scroller, 'clientHeight', { get: () => VIEW_PX });
  Object.defineProperty(scroller, 'scrollTop', {
    get: () => inner.scrollTop,
    set: (value: number) => {
      inner.scrollTop = value;
    },
  });
  // The inner list grows with its rows (height: auto): it never scrolls itself.
  Object.defineProperty(inner, 'clientHeight', { get: () => inner.scrollHeight });
  document.body.append(portal);
  page.reset(list, instagramRow, { hangAfter: options.hangAfter });
  return {
    portal,
    dialog,
    scroller,
    get requests() {
      return page.requests;
    },
    rowCount: () => rows.childElementCount,
    close: () => portal.remove(),
  };
}
