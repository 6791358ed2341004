/**
 * The Threads (and Instagram) accounts of the sandbox. Invented people. Threads and Instagram share the username
 * (docs/sites.md), so one table drives threads.net federation, www.threads.com and www.instagram.com.
 * Beyond this hand-written table, threads-generated.ts adds the owner of a long Following list and the people on
 * it; the look-ups below find both, while pages that list every account (feed, search, explore) use the table only.
 */
import { FOLLOWING_OWNER_ACCOUNT, GENERATED_ACCOUNTS } from './threads-generated';

export interface ThreadsAccount {
  /** Also the Instagram username: ≤ 30 chars of letters, digits, `.` and `_`. */
  username: string;
  /** Numeric, like real Threads/Instagram user ids; the ActivityPub actor is /ap/users/<id>/. */
  id: string;
  displayName: string;
  /** Opted in to "fediverse sharing": WebFinger and the actor exist only then. */
  fediverse: boolean;
  /** A private Threads profile (manuallyApprovesFollowers). */
  locked: boolean;
  verified: boolean;
  /** A private Instagram account (the Instagram page shows "This account is private"). */
  instagramPrivate?: boolean;
  /**
   * `changed`: both sites render this profile's header with the invented "changed markup" fixtures
   * (`profile-header-changed.html`), whose Follow controls Homeward cannot recognise: it proves the fallback.
   * `2025`: Instagram renders the header as its 2025 pages do (`profile-header-2025.html`); Threads as usual.
   */
  headerVariant?: 'changed' | '2025';
  /** Instagram's 2025 header: how many story highlights the tray shows (0 when absent). */
  highlights?: number;
  /** Instagram's 2025 header: links in the bio (0, 1, or several, which the site folds into one button). */
  bioLinks?: number;
  /** Instagram: Follow stands alone in its section (no Message beside it). */
  followOnly?: boolean;
  bio: string;
  followers: number;
}

export const THREADS_ACCOUNTS: readonly ThreadsAccount[] = [
  {
    username: 'juno.field',
    id: '63055340101',
    displayName: 'Juno Field',
    fediverse: true,
    locked: false,
    verified: false,
    bio: 'Community gardener. Posting from the allotment.',
    followers: 1234,
  },
  {
    username: 'quiet.harbor',
    id: '63055340102',
    displayName: 'Mara Quell',
    fediverse: true,
    locked: true,
    verified: false,
    bio: 'Small circle, slow posts. I approve followers by hand.',
    followers: 87,
  },
  {
    username: 'nora.offgrid',
    id: '63055340103',
    displayName: 'Nora Vance',
    fediverse: false,
    locked: false,
    verified: false,
    bio: 'Threads only. Not on the fediverse (yet).',
    followers: 5120,
  },
  {
    username: 'vesper.studio',
    id: '63055340104',
    displayName: 'Vesper Studio',
    fediverse: true,
    locked: false,
    verified: true,
    bio: 'Design studio. Type, posters, motion.',
    followers: 2345678,
  },
  {
    username: 'leo.longname',
    id: '63055340105',
    displayName: 'Leopold Maximilian Aurelius Featherstonehaugh-Wolfeschlegel of the Northern Marshes',
    fediverse: true,
    locked: false,
    verified: false,
    bio: 'Yes, that is my whole name.',
    followers: 310,
  },
  {
    // A public, federated Threads profile whose Instagram account is private.
    username: 'ivy.private',
    id: '63055340106',
    displayName: 'Ivy Sorensen',
    fediverse: true,
    locked: false,
    verified: false,
    instagramPrivate: true,
    bio: 'Instagram is for family; Threads is for everyone.',
    followers: 642,
  },
  ...(
    [
      ['mika.sails', 'Mika Aalto', 'Sailing the archipelago, one knot at a time.'],
      ['oren.bakes', 'Oren Halevi', 'Sourdough and failure, mostly sourdough.'],
      ['tala.draws', 'Tala Reyes', 'Ink, paper, cats.'],
      ['bruno.runs', 'Bruno Costa', 'Marathons and the long way home.'],
      ['lia.codes', 'Lia Chen', 'Compilers by day, pottery by night.'],
      ['sami.reads', 'Sami Haddad', 'A book a week, reviewed honestly.'],
      ['ines.plays', 'Inês Duarte', 'Cello, chamber music, coffee.'],
      ['kofi.films', 'Kofi Mensah', 'Short films and long walks.'],
      ['rhea.hikes', 'Rhea Lindgren', 'Trails, maps and blisters.'],
      ['tomas.brews', 'Tomás Ibarra', 'Home brewing and bad labels.'],
    ] as const
  ).map(([username, displayName, bio], i) => ({
    username,
    id: String(63055340201 + i),
    displayName,
    fediverse: true,
    locked: false,
    verified: false,
    bio,
    followers: 150 + i * 37,
  })),
  {
    // The header whose markup has changed (sandbox/fixtures/README.md): the button must float instead.
    username: 'remix.header',
    id: '63055340107',
    displayName: 'Remy Hale',
    fediverse: true,
    locked: false,
    verified: false,
    headerVariant: 'changed',
    bio: 'My profile header was redesigned last night.',
    followers: 420,
  },
];

/** The table, the Following owner and the generated people: every account a look-up can find. */
const ALL_ACCOUNTS: readonly ThreadsAccount[] = [
  ...THREADS_ACCOUNTS,
  FOLLOWING_OWNER_ACCOUNT,
  ...GENERATED_ACCOUNTS,
];
const BY_USERNAME = new Map(ALL_ACCOUNTS.map((a) => [a.username, a]));
const BY_ID = new Map(ALL_ACCOUNTS.map((a) => [a.id, a]));

/** Threads and Instagram usernames are case-insensitive and shown in lower case. */
export function findThreadsAccount(username: string): ThreadsAccount | undefined {
  return BY_USERNAME.get(username.toLowerCase());
}

export function findThreadsAccountById(id: string): ThreadsAccount | undefined {
  return BY_ID.get(id);
}

export const THREADS_AP_ORIGIN = 'https://www.threads.net';

/** The actor id, as WebFinger's `self` link gives it (docs/sites.md). */
export const threadsActorId = (account: ThreadsAccount): string =>
  `${THREADS_AP_ORIGIN}/ap/users/${account.id}/`;
