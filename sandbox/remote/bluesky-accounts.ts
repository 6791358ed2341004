/**
 * The sandbox's Bluesky: accounts with a handle and a DID, some bridged to the fediverse through Bridgy Fed (they
 * followed @ap.brid.gy on Bluesky) and some not. bsky.app's pages (sandbox/remote/bluesky) show them; Bridgy Fed
 * (sandbox/remote/bridgy-fed.ts) answers WebFinger and actors for the bridged ones only, 404 for the others
 * (docs/fediverse-software.md, "Bridgy Fed").
 *
 * One account's Following list, invented by rule like Threads' (sandbox/remote/threads-generated.ts): the same on
 * every run, account i never changing with the list's length.
 */
import { createHash } from 'node:crypto';

export interface BlueskyAccount {
  /** Lower case, as Bluesky's API gives it. */
  handle: string;
  did: string;
  displayName: string;
  description: string;
  /** Opted in to Bridgy Fed: `@<handle>@bsky.brid.gy` on the fediverse. */
  bridged: boolean;
}

/** A did:plc-shaped identifier (24 base32 characters), stable per handle. */
function didOf(handle: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = createHash('sha256').update(handle).digest();
  let id = '';
  for (let i = 0; i < 24; i++) id += alphabet[(bytes[i] ?? 0) % 32];
  return `did:plc:${id}`;
}

function account(handle: string, displayName: string, bridged: boolean, description = ''): BlueskyAccount {
  return { handle, did: didOf(handle), displayName, description, bridged };
}

/** Bridged: the one whose posts and profile the Open it at home tests use (its DID is theirs). */
export const ROWAN: BlueskyAccount = {
  handle: 'rowan.bsky.social',
  did: 'did:plc:7kq3vz2mxw4hn5rj6tbgyc2d',
  displayName: 'Rowan Ellery',
  description: 'Birdwatching, mostly from the kitchen window. Bridged from Bluesky.',
  bridged: true,
};
/** Not bridged: WebFinger 404, **Not bridged to the fediverse**. */
export const QUILL = account('quill.bsky.social', 'Quill Okafor', false, 'Letterpress and long walks.');
/** Bridged, on a custom-domain handle. */
export const SNOWDROP = account('snowdrop.example.com', 'Snowdrop Studio', true, 'A tiny type foundry.');
/** The person browsing bsky.app in the sandbox, signed in: their own profile shows Edit profile. */
export const VISITOR = account('maya-hart.bsky.social', 'Maya Hart', false, 'Moving my people home.');
/** Whose Following list the tests read. */
export const FOLLOWING_OWNER = account('fern.bsky.social', 'Fern Adeyemi', true, 'I follow too many people.');

export const BLUESKY_FOLLOWING_DEFAULT = 45;
export const BLUESKY_FOLLOWING_MAX = 600;
const BRIDGED_PERCENT = 50;

const FIRST = [
  'alder',
  'birch',
  'cedar',
  'dune',
  'ember',
  'fjord',
  'glen',
  'heath',
  'iris',
  'juniper',
  'kelp',
  'linden',
];
const LAST = ['moss', 'nook', 'oak', 'pine', 'quarry', 'reed', 'sage', 'thorn', 'umber', 'vale', 'willow'];

/** Position i of the generated list: stable, bridged when a hash of i falls under BRIDGED_PERCENT. */
export function followedAt(i: number): BlueskyAccount {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
  const handle = `${first}-${last}${i}.bsky.social`;
  const bridged = (createHash('sha256').update(`bridged ${i}`).digest()[0] ?? 0) % 100 < BRIDGED_PERCENT;
  const name = `${first[0]!.toUpperCase()}${first.slice(1)} ${last[0]!.toUpperCase()}${last.slice(1)}`;
  return account(handle, name, bridged);
}

/** Everyone FOLLOWING_OWNER follows, in the list's order (newest first): the named accounts, then the generated. */
export function blueskyFollowingOf(count = BLUESKY_FOLLOWING_DEFAULT): BlueskyAccount[] {
  const named = [ROWAN, QUILL, SNOWDROP];
  const generated = Array.from({ length: Math.max(0, count - named.length) }, (_, i) => followedAt(i));
  return [...named, ...generated].slice(0, count);
}

const NAMED = [ROWAN, QUILL, SNOWDROP, VISITOR, FOLLOWING_OWNER];

/** Any account of the sandbox's Bluesky, by handle (any case). */
export function findBlueskyAccount(handle: string): BlueskyAccount | undefined {
  const wanted = handle.toLowerCase();
  const named = NAMED.find((a) => a.handle === wanted);
  if (named) return named;
  const match = /^[a-z]+-[a-z]+(\d+)\.bsky\.social$/.exec(wanted);
  const i = match ? Number(match[1]) : -1;
  if (i < 0 || i >= BLUESKY_FOLLOWING_MAX) return undefined;
  const generated = followedAt(i);
  return generated.handle === wanted ? generated : undefined;
}

let byDid: Map<string, BlueskyAccount> | undefined;

/** Any account by DID, for Bridgy Fed's actor URLs. */
export function findBlueskyAccountByDid(did: string): BlueskyAccount | undefined {
  byDid ??= new Map(
    [...NAMED, ...Array.from({ length: BLUESKY_FOLLOWING_MAX }, (_, i) => followedAt(i))].map((a) => [
      a.did,
      a,
    ]),
  );
  return byDid.get(did);
}
