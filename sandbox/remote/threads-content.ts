/**
 * Posts of the Threads/Instagram accounts, derived from the account table so every account has a feed without a
 * hand-written list. Post ids are numeric media ids; web shortcodes are those ids in Instagram's base-64 alphabet,
 * as on the real sites (a Threads/Instagram shortcode decodes to the media id).
 */
import { THREADS_ACCOUNTS, type ThreadsAccount } from './threads-accounts';

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

/** By username: callers may hold a copy of the row (the directory's live state). */
function accountIndex(account: ThreadsAccount): number {
  const i = THREADS_ACCOUNTS.findIndex((a) => a.username === account.username);
  if (i < 0) throw new Error(`no Threads account ${account.username}`);
  return i;
}

function neighbour(account: ThreadsAccount, step: number): ThreadsAccount {
  const i = accountIndex(account);
  const n = THREADS_ACCOUNTS.length;
  return THREADS_ACCOUNTS[(((i + step) % n) + n) % n] ?? account;
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
    const id = String(
      3500000000000000000n + BigInt(accountIndex(account)) * 1000003n + BigInt(slot) * 104729n,
    );
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

export function findInstagramPost(code: string): InstagramPost | undefined {
  for (const account of THREADS_ACCOUNTS) {
    const post = instagramPostsOf(account).find((p) => p.code === code);
    if (post) return post;
  }
  return undefined;
}
