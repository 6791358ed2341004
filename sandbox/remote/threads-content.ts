/**
 * Posts of the Threads/Instagram accounts, derived from the account table so every account has a feed without a
 * hand-written list. Post ids are numeric media ids; web shortcodes are those ids in Instagram's base-64 alphabet,
 * as on the real sites (a Threads/Instagram shortcode decodes to the media id).
 */
import { THREADS_ACCOUNTS, type ThreadsAccount } from './threads-accounts';
import { FOLLOWING_OWNER_ACCOUNT, GENERATED_ACCOUNTS } from './threads-generated';

const SHORTCODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function shortcodeOf(mediaId: string): string {
  let n = BigInt(mediaId);
  let code = '';
  while (n > 0n) {
    code = SHORTCODE_ALPHABET[Number(n % 64n)] + code;
    n /= 64n;
  }
  return code;
}

export interface ThreadsPost {
  id: string;
  code: string;
  author: ThreadsAccount;
  text: string;
  published: string;
  /** Another account linked from the text (`@user`), for in-site navigation. */
  mentions?: ThreadsAccount;
  hasImage?: boolean;
  /** For replies: the post answered. */
  replyTo?: ThreadsPost;
}

export interface InstagramPost {
  id: string;
  code: string;
  author: ThreadsAccount;
  kind: 'p' | 'reel';
  caption: string;
  published: string;
}

/**
 * Each account belongs to a group whose members mention and repost each other: the hand-written table, or the
 * Following owner with the generated people. Indexes run on across groups, so post ids never collide.
 */
const GROUPS: readonly (readonly ThreadsAccount[])[] = [
  THREADS_ACCOUNTS,
  [FOLLOWING_OWNER_ACCOUNT, ...GENERATED_ACCOUNTS],
];
const IN_ORDER = GROUPS.flat();
const INSTAGRAM_ID_BASE = 3500000000000000000n;
const PLACES = new Map<string, { group: readonly ThreadsAccount[]; inGroup: number; index: number }>();
let offset = 0;
for (const group of GROUPS) {
  group.forEach((a, inGroup) => PLACES.set(a.username, { group, inGroup, index: offset + inGroup }));
  offset += group.length;
}

/** By username: callers may hold a copy of the row (the directory's live state). */
function placeOf(account: ThreadsAccount): {
  group: readonly ThreadsAccount[];
  inGroup: number;
  index: number;
} {
  const place = PLACES.get(account.username);
  if (!place) throw new Error(`no Threads account ${account.username}`);
  return place;
}

const accountIndex = (account: ThreadsAccount): number => placeOf(account).index;

function neighbour(account: ThreadsAccount, step: number): ThreadsAccount {
  const { group, inGroup } = placeOf(account);
  const n = group.length;
  return group[(((inGroup + step) % n) + n) % n] ?? account;
}

function threadsPost(
  account: ThreadsAccount,
  slot: number,
  fields: Omit<ThreadsPost, 'id' | 'code' | 'author' | 'published'>,
): ThreadsPost {
  const id = String(3400000000000000000n + BigInt(accountIndex(account)) * 1000003n + BigInt(slot) * 7919n);
  const day = String(1 + ((accountIndex(account) * 3 + slot) % 27)).padStart(2, '0');
  return {
    id,
    code: shortcodeOf(id),
    author: account,
    published: `2025-10-${day}T1${slot}:15:00.000Z`,
    ...fields,
  };
}

/** The account's own threads (the "Threads" tab): text, a mention of the next account, a photo. */
export function threadsPostsOf(account: ThreadsAccount): ThreadsPost[] {
  const next = neighbour(account, 1);
  return [
    threadsPost(account, 0, { text: account.bio }),
    threadsPost(account, 1, {
      text: `Everyone should follow @${next.username}, truly great posts.`,
      mentions: next,
    }),
    threadsPost(account, 2, { text: 'Today, in one picture.', hasImage: true }),
  ];
}

/** The "Replies" tab: an answer to the previous account's first thread. */
export function threadsRepliesOf(account: ThreadsAccount): ThreadsPost[] {
  const previous = neighbour(account, -1);
  const [answered] = threadsPostsOf(previous);
  return answered
    ? [
        threadsPost(account, 3, {
          text: `Couldn't agree more, @${previous.username}.`,
          mentions: previous,
          replyTo: answered,
        }),
      ]
    : [];
}

/** The "Reposts" tab: the next account's first thread. */
export function threadsRepostsOf(account: ThreadsAccount): ThreadsPost[] {
  return threadsPostsOf(neighbour(account, 1)).slice(0, 1);
}

export function findThreadsPost(account: ThreadsAccount, codeOrId: string): ThreadsPost | undefined {
  return [...threadsPostsOf(account), ...threadsRepliesOf(account)].find(
    (p) => p.code === codeOrId || p.id === codeOrId,
  );
}

export function instagramPostsOf(account: ThreadsAccount): InstagramPost[] {
  return Array.from({ length: 6 }, (_, slot) => {
    const id = String(INSTAGRAM_ID_BASE + BigInt(accountIndex(account)) * 1000003n + BigInt(slot) * 104729n);
    const kind = slot === 1 || slot === 4 ? 'reel' : 'p';
    const day = String(1 + ((accountIndex(account) + slot * 4) % 27)).padStart(2, '0');
    return {
      id,
      code: shortcodeOf(id),
      author: account,
      kind,
      caption: `${account.bio} (#${slot + 1})`,
      published: `2025-09-${day}T08:00:00.000Z`,
    };
  });
}

/** The media id in the shortcode names its author (index * 1000003 + slot * 104729, slot < 6). */
export function findInstagramPost(code: string): InstagramPost | undefined {
  if (!/^[A-Za-z0-9_-]{1,12}$/.test(code)) return undefined;
  let id = 0n;
  for (const ch of code) id = id * 64n + BigInt(SHORTCODE_ALPHABET.indexOf(ch));
  if (id < INSTAGRAM_ID_BASE) return undefined;
  const index = Number((id - INSTAGRAM_ID_BASE) / 1000003n);
  const author = IN_ORDER[index];
  return author ? instagramPostsOf(author).find((p) => p.code === code) : undefined;
}
