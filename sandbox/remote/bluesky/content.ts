/**
 * What bsky.app shows about the sandbox's Bluesky accounts (sandbox/remote/bluesky-accounts.ts) besides their
 * names: invented counts and a few posts, the same on every run. Rowan's first post is the one Bridgy Fed bridges
 * (sandbox/remote/bridgy-fed.ts, BRIDGED_POSTS), under the same record key.
 */
import { createHash } from 'node:crypto';
import { avatarDataUrl } from '../avatar';
import { FOLLOWING_OWNER, QUILL, ROWAN, SNOWDROP, VISITOR, type BlueskyAccount } from '../bluesky-accounts';
import { BRIDGED_POSTS } from '../bridgy-fed';
import type { PostData, ProfileData } from './markup';

interface Counts {
  followers: number;
  follows: number;
  posts: number;
}

/** Plausible counts for the named accounts; FOLLOWING_OWNER's follows is the live length of its list. */
const NAMED_COUNTS: Record<string, Counts> = {
  [ROWAN.handle]: { followers: 1234, follows: 212, posts: 318 },
  [QUILL.handle]: { followers: 87, follows: 140, posts: 52 },
  [SNOWDROP.handle]: { followers: 15_230, follows: 96, posts: 1024 },
  [VISITOR.handle]: { followers: 58, follows: 131, posts: 77 },
  [FOLLOWING_OWNER.handle]: { followers: 2345, follows: 0, posts: 4567 },
};

/** Generated people: counts from a hash of the handle. */
function generatedCounts(handle: string): Counts {
  const bytes = createHash('sha256').update(`counts ${handle}`).digest();
  const n = (i: number): number => (bytes[i] ?? 0) * 256 + (bytes[i + 1] ?? 0);
  return { followers: 10 + (n(0) % 4990), follows: 20 + (n(2) % 780), posts: n(4) % 2000 };
}

export function profileData(account: BlueskyAccount, ownerFollowing: number): ProfileData {
  const counts = NAMED_COUNTS[account.handle] ?? generatedCounts(account.handle);
  return {
    handle: account.handle,
    did: account.did,
    displayName: account.displayName,
    description: account.description,
    avatar: avatarDataUrl(account.handle),
    followers: counts.followers,
    follows: account.handle === FOLLOWING_OWNER.handle ? ownerFollowing : counts.follows,
    posts: counts.posts,
  };
}

interface PostSeed {
  rkey: string;
  text: string;
  date: string;
}

const shortDate = (iso: string): string =>
  new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

const NAMED_POSTS: Record<string, PostSeed[]> = {
  [ROWAN.handle]: [
    ...BRIDGED_POSTS.filter((p) => p.author === ROWAN.handle).map((p) => ({
      rkey: p.rkey,
      text: p.text,
      date: shortDate(p.published),
    })),
    { rkey: '3lbp2wq7tcs2k', text: 'Wren on the fence again. Same wren? Probably.', date: 'Jun 1' },
  ],
  [QUILL.handle]: [
    {
      rkey: '3lbm5rx2ksd2f',
      text: 'New poster off the press: twelve colours, one very patient roller.',
      date: 'May 28',
    },
  ],
  [SNOWDROP.handle]: [
    {
      rkey: '3lbk4tz6npq2a',
      text: 'Our new serif has a lowercase g we are unreasonably proud of.',
      date: 'May 20',
    },
  ],
  [VISITOR.handle]: [
    { rkey: '3lbn7yd3hvc2e', text: 'Trying out the fediverse. Bringing my people along.', date: 'May 30' },
  ],
  [FOLLOWING_OWNER.handle]: [
    { rkey: '3lbo6ue4fwb2h', text: 'My Following list is a small town by now.', date: 'May 31' },
    { rkey: '3lbj3sc5gxa2j', text: 'Spring cleaning the feeds.', date: 'May 18' },
  ],
};

export function postsOf(author: ProfileData): PostData[] {
  const seeds = NAMED_POSTS[author.handle] ?? [
    { rkey: '3lbh2qa8mzz2c', text: 'Hello, Bluesky.', date: 'May 12' },
  ];
  return seeds.map((seed) => ({ author, ...seed }));
}
