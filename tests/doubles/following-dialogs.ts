/**
 * Test doubles of the sites' Following dialogs, built node by node like sandbox/fixtures/{threads,instagram}/
 * following-dialog.js (docs/sites.md): same roles, hrefs and nesting, atomic class names for realism.
 * happy-dom has no layout, so the scroller reports a height from its row count, and assigning its `scrollTop`
 * near the bottom loads the next page after `delayMs`, as a scroll event does on the real pages. With `window`,
 * the list is windowed like Instagram's: only the rows around the scroll position exist, in nodes that are reused
 * for other people as it scrolls.
 */
import type { ScannedPerson } from '@/utils/people/protocol';

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
  /** Rows per page, or per page number from 0 (Threads: 20, then 10). */
  pageSize?: number | ((page: number) => number);
  delayMs?: number;
  /** After every `every` pages the next one takes `pauseMs` instead of `delayMs`: the sites' bursts. */
  bursts?: { every: number; pauseMs: number };
  /** At most this many rows in the DOM, their nodes reused (Instagram's windowed list). */
  window?: number;
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
  /** The most rows the DOM held at once. */
  readonly mostRows: number;
  close(): void;
}

/** What a test holds of an open dialog, either site's: `rows` is the element the page's rows go in. */
function fakeDialog(
  portal: HTMLElement,
  dialog: HTMLElement,
  scroller: HTMLElement,
  rows: HTMLElement,
  page: Paging,
): FakeDialog {
  return {
    portal,
    dialog,
    scroller,
    get requests() {
      return page.requests;
    },
    get mostRows() {
      return page.mostRows;
    },
    rowCount: () => rows.childElementCount,
    close: () => portal.remove(),
  };
}

interface Paging {
  scroller: HTMLElement;
  rows: HTMLElement;
  progress: HTMLElement;
  requests: number;
  /** The most rows the DOM held at once. */
  mostRows: number;
  reset(
    list: readonly ScannedPerson[],
    row: (person: ScannedPerson) => HTMLElement,
    options?: { onPage?: () => void; hangAfter?: number },
  ): void;
}

/** Gives a reused row node another person's links, texts and avatar, in place, as a windowed list does. */
function refill(node: HTMLElement, fresh: HTMLElement): void {
  const pairs = <T extends Element>(selector: string) => {
    const now = [...fresh.querySelectorAll<T>(selector)];
    return [...node.querySelectorAll<T>(selector)].map((element, i) => [element, now[i]] as const);
  };
  for (const [span, now] of pairs('span'))
    if (span.childElementCount === 0 && now) span.textContent = now.textContent;
  for (const [img, now] of pairs('img')) if (now) img.setAttribute('alt', now.getAttribute('alt') ?? '');
  for (const [link, now] of pairs('a')) if (now) link.setAttribute('href', now.getAttribute('href') ?? '');
}

/** The scroller and its paging: the first page on open, the next when scrolled near the bottom. */
function paging(
  scroller: HTMLElement,
  rows: HTMLElement,
  progress: HTMLElement,
  options: PagingOptions,
): Paging {
  const sizeOf = (page: number): number =>
    typeof options.pageSize === 'function' ? options.pageSize(page) : (options.pageSize ?? 25);
  const delayMs = options.delayMs ?? 5;
  let list: readonly ScannedPerson[] = [];
  let build: (person: ScannedPerson) => HTMLElement = () => el('div');
  let next: number | null = 0;
  let loading = false;
  let generation = 0;
  let top = 0;
  let pages = 0;
  let afterPage: (() => void) | undefined;
  let hangAfter: number | undefined;
  /** Windowed: the loaded people; the DOM holds only the window's rows. */
  let loaded: ScannedPerson[] = [];
  const loadedCount = () => (options.window ? loaded.length : rows.childElementCount);
  const height = () => loadedCount() * ROW_PX + (progress.isConnected ? 40 : 0);
  Object.defineProperty(scroller, 'scrollHeight', { get: height, configurable: true });
  Object.defineProperty(scroller, 'clientHeight', { get: () => VIEW_PX, configurable: true });
  const nearBottom = () => top + VIEW_PX >= height() - NEAR_BOTTOM_PX;
  /**
   * Windowed: the rows in view and two either side, at most `window`, reusing the nodes in order; spacers stand
   * for the rest. Rows that arrive below the view are drawn only once scrolled to, as on the real list.
   */
  const drawWindow = () => {
    const first = Math.max(0, Math.floor(top / ROW_PX) - 2);
    const last = Math.ceil((top + VIEW_PX) / ROW_PX) + 2;
    const shown = loaded.slice(first, Math.min(last, first + (options.window ?? 0)));
    const nodes = [...rows.children] as HTMLElement[];
    shown.forEach((person, i) => {
      const node = nodes[i];
      if (node) refill(node, build(person));
      else rows.append(build(person));
    });
    for (const extra of nodes.slice(shown.length)) extra.remove();
    state.mostRows = Math.max(state.mostRows, rows.childElementCount);
    rows.style.paddingTop = `${first * ROW_PX}px`;
    rows.style.paddingBottom = `${(loaded.length - first - shown.length) * ROW_PX}px`;
  };
  const state: Paging = {
    scroller,
    rows,
    progress,
    requests: 0,
    mostRows: 0,
    reset(people, row, listOptions = {}) {
      list = people;
      build = options.row ?? row;
      afterPage = listOptions.onPage;
      hangAfter = listOptions.hangAfter;
      next = 0;
      loading = false;
      generation += 1;
      top = 0;
      pages = 0;
      loaded = [];
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
    const pause = options.bursts && pages > 0 && pages % options.bursts.every === 0;
    setTimeout(
      () => {
        if (asked !== generation || !scroller.isConnected || next === null) return;
        const page = list.slice(next, next + sizeOf(pages));
        pages += 1;
        if (options.window) {
          loaded.push(...page);
          drawWindow();
        } else {
          for (const person of page) rows.append(build(person));
          state.mostRows = rows.childElementCount;
        }
        next = next + page.length < list.length ? next + page.length : null;
        loading = false;
        if (next === null) progress.remove();
        afterPage?.();
        if (nearBottom()) loadMore();
      },
      pause ? options.bursts!.pauseMs : delayMs,
    );
  };
  Object.defineProperty(scroller, 'scrollTop', {
    get: () => top,
    set: (value: number) => {
      top = Math.max(0, Math.min(value, height() - VIEW_PX));
      if (options.window) drawWindow();
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

function threadsTab(label: string, count: number, selected: boolean, ariaLabel: boolean): HTMLElement {
  return el(
    'div',
    'x78zum5 x1iyjqo2',
    { role: 'tab', ...(ariaLabel ? { 'aria-label': label } : {}), 'aria-selected': String(selected) },
    [
      el('div', 'x1i10hfl xjbqb8w x6s0dn4', { role: 'button', tabindex: '0' }, [
        text('span', 'x1lliihq x1plvlek', { dir: 'auto' }, label),
        text(
          'span',
          'x1lliihq xjohtrz',
          { title: count.toLocaleString('en-US') },
          count.toLocaleString('en-US'),
        ),
      ]),
    ],
  );
}

export interface FakeThreadsDialog extends FakeDialog {
  tablist(): HTMLElement | null;
  /** Clicks a tab: the rows are replaced by the other list, as the sandbox's dialog does. */
  select(tab: 'followers' | 'following'): void;
}

export interface ThreadsOptions extends PagingOptions {
  /** Replaces the tab labels (a translated interface). */
  labels?: [string, string];
  tab?: 'followers' | 'following';
  /** false: the tabs sit in a plain `div`, no `[role=tablist]`, and carry no aria-label (docs/sites.md). */
  tablist?: boolean;
  /** The count the Following tab shows, when it differs from the list's length. */
  followingCount?: number;
}

/**
 * Threads' dialog (docs/sites.md): opens on the Followers tab; the tabs appear with the first page, each with its
 * count; the Following tab (the second) shows `following`.
 */
export function openThreadsDialog(
  lists: { followers: readonly ScannedPerson[]; following: readonly ScannedPerson[] },
  options: ThreadsOptions = {},
): FakeThreadsDialog {
  const wrapped = options.tablist ?? true;
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
      tablist.querySelectorAll('[role="tab"]').forEach((candidate, index) => {
        candidate.setAttribute('aria-selected', String(index === (tab === 'following' ? 1 : 0)));
      });
    const onPage = () => {
      if (tablist) return;
      const count = options.followingCount ?? lists.following.length;
      tablist = el('div', 'x78zum5 x1q0g3np', wrapped ? { role: 'tablist' } : {}, [
        threadsTab(followersLabel, lists.followers.length, shown === 'followers', wrapped),
        threadsTab(followingLabel, count, shown === 'following', wrapped),
      ]);
      body.prepend(tablist);
    };
    if (tab === 'following')
      page.reset(lists.following, threadsRow, { onPage, hangAfter: options.hangAfter });
    else page.reset(lists.followers, threadsRow, { onPage });
  };
  document.body.append(portal);
  show(shown);
  return Object.assign(fakeDialog(portal, dialog, scroller, rows, page), {
    tablist: () => tablist,
    select: show,
  });
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

export interface InstagramOptions extends PagingOptions {
  /** The profile under the dialog shows this "N following" text in its link to the list (docs/sites.md). */
  profileCount?: string;
  owner?: string;
}

/**
 * Instagram's dialog (docs/sites.md): title, close, search, the scroller with its rows and, while more exist,
 * the loading state as newer captures show it (`data-visualcompletion="loading-state"` around an `svg` labelled
 * "Loading...").
 */
export function openInstagramDialog(
  list: readonly ScannedPerson[],
  options: InstagramOptions = {},
): FakeDialog {
  if (options.profileCount !== undefined) {
    const owner = options.owner ?? 'ada.follows';
    const count = text('span', 'html-span xdj266r', {}, options.profileCount);
    const label = el('span', 'x1lliihq x1plvlek', { dir: 'auto' }, [
      count,
      document.createTextNode(' following'),
    ]);
    document.body.append(
      el('header', '', {}, [el('a', 'x1i10hfl', { href: `/${owner}/following/` }, [label])]),
    );
  }
  const title = text('h1', 'x1lliihq x1plvlek', { dir: 'auto', tabindex: '-1' }, 'Following');
  const close = el('button', '_abl-', { type: 'button' }, [el('div', '_abm0', {}, [])]);
  const search = el('input', 'x1lugfcp x19g9edo', {
    'aria-label': 'Search input',
    placeholder: 'Search',
    type: 'text',
  });
  const rows = el('div', '', { style: 'display: flex; flex-direction: column; position: relative;' });
  const spinner = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  spinner.setAttribute('aria-label', 'Loading...');
  spinner.setAttribute('role', 'img');
  const progress = el('div', 'x78zum5 xl56j7k', { 'data-visualcompletion': 'loading-state' }, [spinner]);
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
  return fakeDialog(portal, dialog, scroller, rows, page);
}
