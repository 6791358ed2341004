/**
 * Every element the sandbox's bsky.app draws, in one place: what React Native Web (RNW) renders for Bluesky's
 * components. Structure, testIDs, labels and texts come from docs/sites.md ("Bluesky"); see site.ts for the list.
 *
 * Markup travels as JsonML (`[tag, attrs, ...children]`, text as strings), not as HTML: React builds the DOM with
 * createElement, which allows what the HTML parser forbids, e.g. the avatar link nested inside a Following row's
 * link (B5). The in-page script (sandbox/fixtures/bluesky/app.js) builds it the same way; `toHtml` serialises it
 * for tests and debugging.
 *
 * Attributes whose name starts with `@` are sandbox plumbing, never rendered: `@ref` names an element the script
 * needs (the screen's body, the list, a follow button), so the page carries no marker the real site lacks.
 *
 * Classes: RNW's base classes (`css-175oi2r` for a View, `css-146c3p1` for a Text) plus one `r-xxxxxxx` class per
 * style declaration, hashed from it like RNW's atomic classes. They mean nothing to anyone but the stylesheet
 * (`BLUESKY_CSS`) built from the same table. Never select on them.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../http';

export type Attrs = Record<string, string>;
export type MarkupElement = [tag: string, attrs: Attrs, ...children: Markup[]];
export type Markup = string | MarkupElement;
type Child = Markup | null | undefined | false;

const h = (tag: string, attrs: Attrs, ...children: Child[]): MarkupElement => [
  tag,
  attrs,
  ...children.filter((c): c is Markup => c !== null && c !== undefined && c !== false),
];

const isElement = (markup: Markup | readonly Markup[]): markup is MarkupElement =>
  Array.isArray(markup) &&
  typeof markup[0] === 'string' &&
  typeof markup[1] === 'object' &&
  markup[1] !== null &&
  !Array.isArray(markup[1]);

/** HTML for tests and debugging: the same tree app.js builds, minus the `@` plumbing attributes. */
export function toHtml(markup: Markup | readonly Markup[]): string {
  if (typeof markup === 'string') return escapeHtml(markup);
  if (!isElement(markup)) return markup.map((m) => toHtml(m)).join('');
  const [tag, attrs, ...children] = markup;
  const attributes = Object.entries(attrs)
    .filter(([attr]) => !attr.startsWith('@'))
    .map(([attr, value]) => ` ${attr}="${escapeHtml(value)}"`)
    .join('');
  if (tag === 'img') return `<img${attributes}>`;
  return `<${tag}${attributes}>${children.map((c) => toHtml(c)).join('')}</${tag}>`;
}

// ---------------------------------------------------------------------------------------------------------------
// Styles: named groups of declarations, one hashed class per declaration.

const BORDER = 'rgb(212, 219, 226)';
const TEXT = 'rgb(11, 15, 20)';
const MUTED = 'rgb(66, 87, 108)';
const BLUE = 'rgb(16, 131, 254)';
const SOFT = 'rgb(241, 243, 245)';

const STYLES = {
  // The app frame: the stack, each route's absolute-fill container (react-navigation, B7), Layout.Screen.
  stack: ['min-height:100vh'],
  container: ['position:absolute', 'top:0px', 'right:0px', 'bottom:0px', 'left:0px'],
  screen: [
    'width:100%',
    'max-width:600px',
    'min-height:100vh',
    'margin-left:auto',
    'margin-right:auto',
    'border-left-width:1px',
    'border-right-width:1px',
    `border-color:${BORDER}`,
    'background-color:rgb(255, 255, 255)',
  ],
  // Profile header (Header/Shell.tsx, ProfileHeaderStandard.tsx).
  banner: ['height:150px', `background-color:${BLUE}`],
  bannerLoading: ['height:150px', 'background-color:rgb(226, 231, 236)'],
  headerBack: [
    'position:absolute',
    'top:10px',
    'left:10px',
    'width:30px',
    'height:30px',
    'align-items:center',
    'justify-content:center',
    'border-radius:999px',
    'background-color:rgba(0, 0, 0, 0.5)',
    'color:rgb(255, 255, 255)',
    'cursor:pointer',
  ],
  aviPosition: ['position:absolute', 'top:104px', 'left:10px', 'z-index:2'],
  avi: [
    'width:90px',
    'height:90px',
    'border-radius:999px',
    'border-width:2px',
    'border-color:rgb(255, 255, 255)',
    'overflow:hidden',
    'background-color:rgb(212, 219, 226)',
  ],
  image: ['width:100%', 'height:100%', 'object-fit:cover'],
  headerOuter: [
    'padding-left:16px',
    'padding-right:16px',
    'padding-top:12px',
    'padding-bottom:8px',
    'overflow:hidden',
  ],
  // B3: the action row has no testID; row, align center, justify flex-end, gap 4, padding-bottom 8, wrap,
  // paddingLeft 90 (room for the avatar).
  actionRow: [
    'flex-direction:row',
    'align-items:center',
    'justify-content:flex-end',
    'gap:4px',
    'padding-bottom:8px',
    'flex-wrap:wrap',
    'padding-left:90px',
  ],
  button: [
    'flex-direction:row',
    'align-items:center',
    'justify-content:center',
    'gap:6px',
    'border-radius:999px',
    'padding-top:9px',
    'padding-bottom:9px',
    'padding-left:14px',
    'padding-right:14px',
    'cursor:pointer',
  ],
  round: [
    'width:33px',
    'height:33px',
    'padding-left:0px',
    'padding-right:0px',
    'padding-top:0px',
    'padding-bottom:0px',
  ],
  primary: [`background-color:${BLUE}`, 'color:rgb(255, 255, 255)'],
  secondary: [`background-color:${SOFT}`, `color:${TEXT}`],
  buttonText: ['font-size:13px', 'font-weight:600', 'line-height:15px', 'color:inherit'],
  nameColumn: ['padding-top:8px', 'padding-bottom:4px', 'gap:2px'],
  displayName: ['font-size:28px', 'font-weight:600', 'line-height:34px', `color:${TEXT}`],
  badges: ['display:inline-flex'],
  handleRow: ['flex-direction:row', 'align-items:center', 'gap:4px'],
  handle: ['font-size:15px', `color:${MUTED}`, 'direction:ltr', 'unicode-bidi:isolate'],
  metricsBlock: ['gap:12px', 'padding-top:8px'],
  // B6: row, gap 8, no testID.
  metricsRow: ['flex-direction:row', 'align-items:center', 'gap:8px'],
  metric: ['font-size:15px', `color:${MUTED}`],
  description: ['font-size:15px', 'line-height:20px', `color:${TEXT}`],
  tabBar: ['flex-direction:row', 'border-bottom-width:1px', `border-color:${BORDER}`],
  tab: ['flex:1 1 0%', 'align-items:center', 'padding-top:12px', 'cursor:pointer'],
  tabText: ['font-size:15px', 'font-weight:600', `color:${MUTED}`, 'padding-bottom:10px'],
  tabSelected: [`color:${TEXT}`, 'border-bottom-width:3px', `border-color:${BLUE}`],
  // Posts (simple: the feed is not what the sandbox is about).
  post: [
    'flex-direction:row',
    'gap:10px',
    'padding-top:12px',
    'padding-bottom:12px',
    'padding-left:16px',
    'padding-right:16px',
    'border-bottom-width:1px',
    `border-color:${BORDER}`,
  ],
  postAvi: ['width:42px', 'height:42px', 'border-radius:999px', 'overflow:hidden'],
  grow: ['flex:1 1 0%', 'gap:2px'],
  strong: ['font-size:15px', 'font-weight:600', `color:${TEXT}`],
  muted: ['font-size:14px', `color:${MUTED}`],
  body: ['font-size:15px', 'line-height:20px', `color:${TEXT}`],
  // ProfileHeaderLoading.
  loadingBody: ['padding-left:16px', 'padding-right:16px', 'padding-top:56px', 'gap:10px'],
  bar: ['height:14px', 'width:40%', 'border-radius:4px', 'background-color:rgb(226, 231, 236)'],
  barWide: ['width:70%'],
  // ErrorScreen, EmptyState, Error.
  centered: [
    'align-items:center',
    'padding-top:48px',
    'padding-bottom:48px',
    'padding-left:16px',
    'padding-right:16px',
    'gap:12px',
  ],
  title: ['font-size:22px', 'font-weight:700', `color:${TEXT}`],
  // ProfileFollows' sticky header.
  sticky: [
    'position:sticky',
    'top:0px',
    'z-index:10',
    'flex-direction:row',
    'align-items:center',
    'gap:12px',
    'padding-top:8px',
    'padding-bottom:8px',
    'padding-left:12px',
    'padding-right:12px',
    'border-bottom-width:1px',
    `border-color:${BORDER}`,
    'background-color:rgb(255, 255, 255)',
  ],
  iconButton: [
    'width:34px',
    'height:34px',
    'align-items:center',
    'justify-content:center',
    'border-radius:999px',
    'cursor:pointer',
  ],
  headerTitle: ['font-size:17px', 'font-weight:600', 'line-height:22px', `color:${TEXT}`],
  headerSubtitle: ['font-size:13px', `color:${MUTED}`],
  // ProfileCardWithFollowBtn: padding 12/20, a top border except on the first row.
  card: ['padding-top:12px', 'padding-bottom:12px', 'padding-left:20px', 'padding-right:20px'],
  cardBorder: ['border-top-width:1px', `border-color:${BORDER}`],
  cardOuter: ['gap:4px'],
  cardHeader: ['flex-direction:row', 'align-items:center', 'gap:8px'],
  cardAvi: ['width:40px', 'height:40px', 'border-radius:999px', 'overflow:hidden'],
  nameAndHandle: ['flex:1 1 0%'],
  nameRow: ['flex-direction:row', 'align-items:center'],
  clamp: [
    'font-size:14px',
    'line-height:19px',
    `color:${TEXT}`,
    'display:-webkit-box',
    '-webkit-line-clamp:3',
    '-webkit-box-orient:vertical',
    'overflow:hidden',
  ],
  // ListFooter (height 180) and ListMaybePlaceholder.
  footer: ['height:180px', 'align-items:center', 'padding-top:20px'],
  placeholder: ['align-items:center', 'padding-top:48px'],
  // The sign-in dialog (useRequireAuth).
  backdrop: [
    'position:fixed',
    'top:0px',
    'right:0px',
    'bottom:0px',
    'left:0px',
    'z-index:50',
    'align-items:center',
    'justify-content:center',
    'background-color:rgba(0, 0, 0, 0.5)',
  ],
  dialog: [
    'width:400px',
    'max-width:90vw',
    'gap:12px',
    'padding-top:24px',
    'padding-bottom:24px',
    'padding-left:24px',
    'padding-right:24px',
    'border-radius:12px',
    'background-color:rgb(255, 255, 255)',
  ],
} as const satisfies Record<string, readonly string[]>;

type Style = keyof typeof STYLES;

const atoms = new Map<string, string>();

function atom(declaration: string): string {
  const known = atoms.get(declaration);
  if (known) return known;
  const hex = createHash('sha1').update(declaration).digest('hex').slice(0, 10);
  const name = `r-${BigInt(`0x${hex}`).toString(36).padStart(7, '0').slice(-7)}`;
  if ([...atoms.values()].includes(name)) throw new Error(`bsky.app styles: two declarations make ${name}`);
  atoms.set(declaration, name);
  return name;
}

const VIEW = 'css-175oi2r';
const TEXT_CLASS = 'css-146c3p1';

const classes = (base: string, styles: readonly Style[]): string =>
  [base, ...styles.flatMap((s) => STYLES[s].map(atom))].join(' ');

/** The stylesheet for every class above, plus RNW's base classes and Bluesky's hand-written spinner class. */
export const BLUESKY_CSS: string = (() => {
  const declarations = [...new Set(Object.values(STYLES).flat())];
  const rules = declarations.map((d) => `.${atom(d)}{${d}}`);
  return [
    'html,body{margin:0;height:100%;background-color:rgb(255, 255, 255)}',
    'body{font-family:InterVariable,-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}',
    '#root{display:flex;min-height:100%;flex-direction:column}',
    // RNW's View and Text bases.
    `.${VIEW}{align-items:stretch;background-color:rgba(0,0,0,0);border:0 solid black;box-sizing:border-box;display:flex;flex-basis:auto;flex-direction:column;flex-shrink:0;list-style:none;margin:0;min-height:0;min-width:0;padding:0;position:relative;text-decoration:none;z-index:0}`,
    `button.${VIEW}{appearance:none;font:inherit;color:inherit;text-align:inherit}`,
    `.${TEXT_CLASS}{background-color:rgba(0,0,0,0);border:0 solid black;box-sizing:border-box;color:${TEXT};display:inline;font:14px -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;list-style:none;margin:0;padding:0;position:relative;text-align:start;text-decoration:none;white-space:pre-wrap;overflow-wrap:break-word}`,
    `a.${TEXT_CLASS}{cursor:pointer}`,
    // src/components/Loader.web.tsx's class, defined in Bluesky's own stylesheet.
    '.rotate-500ms{display:flex;animation:rotate-500ms 500ms linear infinite}',
    '@keyframes rotate-500ms{to{transform:rotate(360deg)}}',
    ...rules,
  ].join('\n');
})();

/** The classes app.js gives the frame it builds itself (the stack and each route's container). */
export const FRAME_CLASSES = { stack: classes(VIEW, ['stack']), container: classes(VIEW, ['container']) };

// ---------------------------------------------------------------------------------------------------------------
// RNW primitives.

/** A View: a div. */
const view = (styles: readonly Style[], attrs: Attrs, ...children: Child[]): MarkupElement =>
  h('div', { class: classes(VIEW, styles), ...attrs }, ...children);

/** A root Text: `<div dir="auto">` (nested Texts are spans). */
const text = (styles: readonly Style[], attrs: Attrs, ...children: Child[]): MarkupElement =>
  h('div', { dir: 'auto', class: classes(TEXT_CLASS, styles), ...attrs }, ...children);

/** role="button": a real `<button type="button" role="button">`. */
const button = (label: string, styles: readonly Style[], attrs: Attrs, ...children: Child[]): MarkupElement =>
  h(
    'button',
    {
      'aria-label': label,
      'aria-pressed': 'false',
      role: 'button',
      tabindex: '0',
      type: 'button',
      class: classes(VIEW, styles),
      ...attrs,
    },
    ...children,
  );

/** A View with href: `<a href role="link">`. */
const viewLink = (
  href: string,
  styles: readonly Style[],
  attrs: Attrs,
  ...children: Child[]
): MarkupElement =>
  h('a', { href, role: 'link', tabindex: '0', class: classes(VIEW, styles), ...attrs }, ...children);

/** InlineLinkText: a Text with href, `<a dir="auto" role="link" data-no-underline="1">`. */
const textLink = (
  href: string,
  styles: readonly Style[],
  attrs: Attrs,
  ...children: Child[]
): MarkupElement =>
  h(
    'a',
    {
      href,
      role: 'link',
      dir: 'auto',
      'data-no-underline': '1',
      class: classes(TEXT_CLASS, styles),
      ...attrs,
    },
    ...children,
  );

const ICONS = {
  plus: 'M12 4a1 1 0 0 1 1 1v6h6a1 1 0 1 1 0 2h-6v6a1 1 0 1 1-2 0v-6H5a1 1 0 1 1 0-2h6V5a1 1 0 0 1 1-1Z',
  message:
    'M12 3c-5 0-9 3.6-9 8.1 0 2.4 1.1 4.5 2.9 6L5 21l4.4-2.1c.8.2 1.7.3 2.6.3 5 0 9-3.6 9-8.1S17 3 12 3Z',
  dots: 'M4 10a2 2 0 1 1 0 4 2 2 0 0 1 0-4Zm8 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4Zm8 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4Z',
  back: 'M3 12a1 1 0 0 1 .3-.7l6-6a1 1 0 0 1 1.4 1.4L6.4 11H20a1 1 0 1 1 0 2H6.4l4.3 4.3a1 1 0 0 1-1.4 1.4l-6-6A1 1 0 0 1 3 12Z',
  spinner: 'M12 3a9 9 0 1 0 9 9 1 1 0 1 1 2 0 11 11 0 1 1-11-11 1 1 0 1 1 0 2Z',
} as const;

const svg = (icon: keyof typeof ICONS, size = 16): MarkupElement =>
  h(
    'svg',
    { fill: 'none', width: String(size), height: String(size), viewBox: '0 0 24 24' },
    h('path', { fill: 'currentColor', 'fill-rule': 'evenodd', 'clip-rule': 'evenodd', d: ICONS[icon] }),
  );

/** ButtonIcon: two wrapper Views around the svg. */
const buttonIcon = (icon: keyof typeof ICONS): MarkupElement => view([], {}, view([], {}, svg(icon)));

const buttonText = (label: string): MarkupElement => text(['buttonText'], {}, label);

/** src/components/Loader.web.tsx: `<div class="rotate-500ms">` around the spinner svg. */
const loader = (): MarkupElement => h('div', { class: 'rotate-500ms' }, svg('spinner', 20));

// ---------------------------------------------------------------------------------------------------------------
// The data the screens are drawn from (site.ts computes it).

export interface ProfileData {
  handle: string;
  did: string;
  displayName: string;
  description: string;
  avatar: string;
  followers: number;
  follows: number;
  posts: number;
}

export interface PostData {
  author: ProfileData;
  rkey: string;
  text: string;
  /** "Jun 2" style. */
  date: string;
}

/** Who looks: signed in or not, and whether the profile is their own. */
export interface Viewer {
  signedIn: boolean;
  /** The signed-in account's handle, or null. */
  handle: string | null;
}

const name = (p: { displayName: string; handle: string }): string => p.displayName || p.handle;

// src/view/com/util/numeric/format.ts: compact, one fraction digit, truncated ("1.2K", "999.9K").
const compact = new Intl.NumberFormat('en', {
  notation: 'compact',
  maximumFractionDigits: 1,
  roundingMode: 'trunc',
} as Intl.NumberFormatOptions);
export const formatCount = (n: number): string => compact.format(n);
/** Lingui's `#` in a plural: the whole number, grouped ("12,345"). */
export const groupedCount = (n: number): string => n.toLocaleString('en-US');

// ---------------------------------------------------------------------------------------------------------------
// The profile screen (B3).

/** The screen as it mounts: `Layout.Screen testID="profileScreen"` around ProfileHeaderLoading (no testIDs). */
export function profileScreenLoading(): MarkupElement {
  return view(
    ['screen'],
    { 'data-testid': 'profileScreen', '@ref': 'body' },
    view(
      [],
      {},
      view(['bannerLoading'], {}),
      view(['aviPosition'], {}, view(['avi'], {})),
      view(
        ['loadingBody'],
        {},
        view(['bar', 'barWide'], {}),
        view(['bar'], {}),
        view(['bar', 'barWide'], {}),
      ),
    ),
  );
}

/**
 * The Follow button of ProfileHeaderStandard in one of its two states: `followBtn` "Follow" with the plus icon,
 * or `unfollowBtn` "Following" without it; the label names the raw handle. The page flips the same `<button>`
 * between them (the optimistic shadow, B4).
 */
export function headerFollowButton(profile: ProfileData, following: boolean): MarkupElement {
  return following
    ? button(
        `Unfollow ${profile.handle}`,
        ['button', 'secondary'],
        { 'data-testid': 'unfollowBtn', '@ref': `follow:${profile.handle}` },
        buttonText('Following'),
      )
    : button(
        `Follow ${profile.handle}`,
        ['button', 'primary'],
        { 'data-testid': 'followBtn', '@ref': `follow:${profile.handle}` },
        buttonIcon('plus'),
        buttonText('Follow'),
      );
}

/** HeaderStandardButtons (a fragment: its buttons are the row's own children), then ProfileMenu in EventStopper. */
function actionRow(profile: ProfileData, viewer: Viewer): MarkupElement {
  const isMe = viewer.signedIn && viewer.handle === profile.handle;
  const buttons: MarkupElement[] = isMe
    ? [
        button(
          'Edit profile',
          ['button', 'secondary'],
          { 'data-testid': 'profileHeaderEditProfileButton' },
          buttonText('Edit Profile'),
        ),
      ]
    : [
        ...(viewer.signedIn
          ? [
              button(
                `Message ${profile.handle}`,
                ['button', 'round', 'secondary'],
                { 'data-testid': 'dmBtn' },
                buttonIcon('message'),
              ),
            ]
          : []),
        headerFollowButton(profile, false),
      ];
  return view(
    ['actionRow'],
    {},
    ...buttons,
    view(
      [],
      {},
      button(
        'More options',
        ['button', 'round', 'secondary'],
        {
          'aria-haspopup': 'menu',
          'aria-expanded': 'false',
          'data-state': 'closed',
          'data-testid': 'profileHeaderDropdownBtn',
        },
        buttonIcon('dots'),
      ),
    ),
  );
}

function metrics(profile: ProfileData): MarkupElement {
  const base = `/profile/${profile.handle}`;
  const followersWord = profile.followers === 1 ? 'follower' : 'followers';
  return view(
    ['metricsRow'],
    {},
    textLink(
      `${base}/followers`,
      ['metric'],
      {
        'aria-label': `${profile.followers} ${followersWord}`,
        'data-testid': 'profileHeaderFollowersButton',
      },
      h('span', {}, `${formatCount(profile.followers)} `),
      h('span', {}, followersWord),
    ),
    textLink(
      `${base}/follows`,
      ['metric'],
      { 'aria-label': `${profile.follows} following`, 'data-testid': 'profileHeaderFollowsButton' },
      h('span', {}, `${formatCount(profile.follows)} `),
      h('span', {}, 'following'),
    ),
    text(
      ['metric'],
      {},
      `${formatCount(profile.posts)} `,
      h('span', {}, profile.posts === 1 ? 'post' : 'posts'),
    ),
  );
}

function postItem(post: PostData): MarkupElement {
  const profileHref = `/profile/${post.author.handle}`;
  return view(
    ['post'],
    {},
    viewLink(
      profileHref,
      ['postAvi'],
      { 'aria-label': `${name(post.author)}'s avatar` },
      h('img', { src: post.author.avatar, alt: '', class: classes(VIEW, ['image']) }),
    ),
    view(
      ['grow'],
      {},
      view(
        ['nameRow'],
        {},
        textLink(profileHref, ['strong'], {}, name(post.author)),
        text(['muted'], {}, ` @${post.author.handle} · `),
        textLink(`${profileHref}/post/${post.rkey}`, ['muted'], {}, post.date),
      ),
      text(['body'], {}, post.text),
    ),
  );
}

/**
 * The loaded profile: ScreenHider `profileView` > PagerWithHeader `profilePager` > Header/Shell.tsx (banner, back
 * button, avatar) and ProfileHeaderStandard (action row, name, handle, metrics, description), then the pager's tab
 * bar and the first tab's posts.
 */
export function profileView(profile: ProfileData, viewer: Viewer, posts: readonly PostData[]): MarkupElement {
  return view(
    [],
    { 'data-testid': 'profileView' },
    view(
      [],
      { 'data-testid': 'profilePager' },
      view(
        [],
        {},
        view(['banner'], { 'data-testid': 'userBannerFallback' }),
        button(
          'Back',
          ['headerBack'],
          { 'data-testid': 'profileHeaderBackBtn', '@ref': 'back' },
          buttonIcon('back'),
        ),
        view(
          ['aviPosition'],
          {},
          button(
            `View ${profile.handle}'s avatar`,
            ['avi'],
            { 'data-testid': 'profileHeaderAviButton' },
            h('img', { src: profile.avatar, alt: '', class: classes(VIEW, ['image']) }),
          ),
        ),
        view(
          ['headerOuter'],
          {},
          actionRow(profile, viewer),
          view(
            ['nameColumn'],
            {},
            view(
              [],
              {},
              // DisplayName.tsx: the name, a nested badges View, a trailing space.
              text(
                ['displayName'],
                { 'data-testid': 'profileHeaderDisplayName' },
                name(profile),
                view(['badges'], {}),
                ' ',
              ),
            ),
            view(['handleRow'], {}, text(['handle'], {}, `@${profile.handle.toLocaleLowerCase()}`)),
          ),
          view(
            ['metricsBlock'],
            {},
            metrics(profile),
            profile.description
              ? view(
                  [],
                  {},
                  text(['description'], { 'data-testid': 'profileHeaderDescription' }, profile.description),
                )
              : null,
          ),
        ),
      ),
      view(
        ['tabBar'],
        {},
        ...['Posts', 'Replies', 'Media', 'Likes'].map((label, i) =>
          view(['tab'], {}, text(i === 0 ? ['tabText', 'tabSelected'] : ['tabText'], {}, label)),
        ),
      ),
      view([], {}, ...posts.map(postItem)),
    ),
  );
}

/** ErrorScreen testID="profileErrorScreen", title "Oops!". */
export function profileErrorScreen(message: string): MarkupElement {
  return view(
    ['centered'],
    { 'data-testid': 'profileErrorScreen' },
    text(['title'], {}, 'Oops!'),
    text(['muted'], {}, message),
  );
}

/** The global sign-in dialog a logged-out Follow opens (useRequireAuth). Its wording is not in the evidence. */
export function signInDialog(): MarkupElement {
  return view(
    ['backdrop'],
    {},
    view(
      ['dialog'],
      { role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Sign in' },
      text(['title'], {}, 'Sign in'),
      text(['body'], {}, 'Sign in or create your account to join the conversation!'),
      button('Close', ['button', 'secondary'], { '@ref': 'close' }, buttonText('Close')),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The Following screen (B5).

/** Layout.Screen `profileFollowsScreen`: the sticky header, then the list, first as its placeholder spinner. */
export function followsScreen(title: string, subtitle: string | null, list: Markup): MarkupElement {
  return view(
    ['screen'],
    { 'data-testid': 'profileFollowsScreen' },
    view(
      ['sticky'],
      {},
      button('Go back', ['iconButton'], { '@ref': 'back' }, buttonIcon('back')),
      view(
        ['grow'],
        {},
        text(['headerTitle'], {}, title),
        subtitle === null ? null : text(['headerSubtitle'], {}, subtitle),
      ),
    ),
    view([], { '@ref': 'list' }, list),
  );
}

/** ListMaybePlaceholder while no row is loaded: the spinner alone. */
export const listPlaceholder = (): MarkupElement => view(['placeholder'], {}, loader());

/** ListFooter: empty, or the spinner while the next page loads. The observed sentinel follows it. */
export const listFooter = (): MarkupElement => view(['footer'], { '@ref': 'footer' });
export const footerLoader = (): MarkupElement => view([], {}, loader());
export const listSentinel = (): MarkupElement => view([], { '@ref': 'sentinel' });

/** ListFooter's error: the text and a Retry button labelled "Press to retry". */
export function footerError(): MarkupElement {
  return view(
    ['centered'],
    {},
    text(['muted'], {}, 'There was an issue fetching the list.'),
    button('Press to retry', ['button', 'secondary'], { '@ref': 'retry' }, buttonText('Retry')),
  );
}

/** The Error component, when the first page fails: "Oops!", "Press to retry" and "Go Back". */
export function listError(message: string): MarkupElement {
  return view(
    ['centered'],
    {},
    text(['title'], {}, 'Oops!'),
    text(['muted'], {}, message),
    button('Press to retry', ['button', 'primary'], { '@ref': 'retry' }, buttonText('Retry')),
    button('Go Back', ['button', 'secondary'], { '@ref': 'back' }, buttonText('Go Back')),
  );
}

/** EmptyState: "This user isn't following anyone." (or one's own wording) and "See suggested accounts". */
export function emptyFollows(own: boolean): MarkupElement {
  return view(
    ['centered'],
    {},
    text(['muted'], {}, own ? 'You are not following anyone yet' : "This user isn't following anyone."),
    button('See suggested accounts', ['button', 'secondary'], {}, buttonText('See suggested accounts')),
  );
}

/**
 * The row's Follow button: no testID, its label is its text. `handle` names it for the page's script; without one
 * it is only a state the script copies onto an existing button.
 */
export function rowFollowButton(handle: string | null, following: boolean): MarkupElement {
  const label = following ? 'Following' : 'Follow';
  return button(
    label,
    ['button', following ? 'secondary' : 'primary'],
    handle === null ? {} : { '@ref': `rowFollow:${handle}` },
    following ? null : buttonIcon('plus'),
    buttonText(label),
  );
}

/**
 * One row: List.web's bare Row wrapper > ProfileCardWithFollowBtn (padding, top border unless first) > the row's
 * link (no testID) > avatar link in its hover-card wrapper, name, handle, Follow button in a plain div, and the
 * description.
 */
export function followRow(profile: ProfileData, first: boolean, followButton: boolean): MarkupElement {
  const href = `/profile/${profile.handle}`;
  return view(
    [],
    {},
    view(
      first ? ['card'] : ['card', 'cardBorder'],
      {},
      viewLink(
        href,
        [],
        { 'aria-label': `View ${name(profile)}’s profile`, 'data-no-underline': '1' },
        view(
          ['cardOuter'],
          {},
          view(
            ['cardHeader'],
            {},
            view(
              [],
              {},
              viewLink(
                href,
                ['cardAvi'],
                { 'aria-label': `${name(profile)}'s avatar` },
                view(
                  ['image'],
                  {},
                  h('img', { src: profile.avatar, alt: '', class: classes(VIEW, ['image']) }),
                ),
              ),
            ),
            view(
              ['nameAndHandle'],
              {},
              view(['nameRow'], {}, text(['strong'], {}, name(profile))),
              text(['muted'], {}, `@${profile.handle.toLocaleLowerCase()}`),
            ),
            followButton ? view([], {}, rowFollowButton(profile.handle, false)) : null,
          ),
          profile.description ? view([], {}, text(['clamp'], {}, profile.description)) : null,
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Screens the sandbox only needs to exist (their look is not in the evidence).

/** A screen with a plain title and some content: Home, the routes the sandbox does not draw, Not Found. */
export function plainScreen(title: string, ...content: Child[]): MarkupElement {
  return view(['screen'], {}, view(['sticky'], {}, text(['headerTitle'], {}, title)), ...content);
}

export const paragraph = (words: string): MarkupElement => view(['centered'], {}, text(['muted'], {}, words));
export const postList = (posts: readonly PostData[]): MarkupElement => view([], {}, ...posts.map(postItem));
