/**
 * The people a sandbox account follows, invented by rule rather than by hand: up to FOLLOWING_MAX_COUNT Threads
 * (and Instagram) accounts, the same on every run. Account i never changes with the list's length, so a longer
 * list (the `set-following` admin operation) only adds people at its end.
 *
 * The mix, per position i (0-based):
 * - i % 25 === 3 and i < 300: opted in, and already followed by the home user after every reset (12 of the first
 *   300; larger lists keep these 12, because the home server seeds a fixed set);
 * - i === LOCKED_INDEX: opted in and locked (a follow stays "requested");
 * - otherwise opted in when a stable hash of i falls under 60 %, else not opted in (WebFinger 404).
 */
import type { ThreadsAccount } from './threads-accounts';

export const FOLLOWING_MAX_COUNT = 2000;
/** The positions whose accounts the home user follows after every reset lie below this. */
export const SEEDED_RANGE = 300;
const LOCKED_INDEX = 7;
const OPTED_IN_PERCENT = 60;

const FIRST = [
  'amara',
  'bastian',
  'celia',
  'dario',
  'elif',
  'farid',
  'greta',
  'hugo',
  'ilse',
  'jonas',
  'kaia',
  'lorenzo',
  'mina',
  'nils',
  'odile',
  'pablo',
  'quinn',
  'rosa',
  'soren',
  'tamsin',
  'ugo',
  'vera',
  'wren',
  'xavi',
  'yara',
  'zeno',
  'anouk',
  'bram',
  'cleo',
  'davi',
  'esme',
  'fynn',
  'gaia',
  'hana',
  'idris',
  'juna',
  'kemal',
  'lotte',
  'milo',
  'noor',
] as const;
const LAST = [
  'abara',
  'bergstrom',
  'castell',
  'dumont',
  'eklund',
  'falk',
  'garza',
  'holm',
  'ivanova',
  'jansen',
  'kowalski',
  'laine',
  'moreau',
  'nakamura',
  'okafor',
  'pereira',
  'quist',
  'rahman',
  'silva',
  'tanaka',
  'ulloa',
  'varga',
  'weiss',
  'xu',
  'yilmaz',
  'zamora',
  'achterberg',
  'brandt',
  'coelho',
  'delacroix',
  'esposito',
  'ferreira',
  'gallo',
  'haddad',
  'iversen',
  'jovanovic',
  'kato',
  'lindqvist',
  'mbeki',
  'novak',
  'ortega',
  'petrov',
  'rinaldi',
  'sato',
  'thorsen',
  'urbina',
  'vidal',
  'wagner',
  'young',
  'zielinski',
] as const;
const BIOS = [
  'Coffee, cameras and long walks.',
  'Writing about cities and the people in them.',
  'Plants, patience, and the occasional pun.',
  'Amateur astronomer. Professional napper.',
  'Cooking for friends, posting the leftovers.',
  'Climbing, knitting, and opinions about fonts.',
  'Teacher. Reader. Slow runner.',
  'Music nerd with a turntable and no shelf space.',
] as const;

/** A stable pseudo-random number for position i and a salt (an integer hash, not Math.random). */
function hash(i: number, salt: number): number {
  let h = (i + 1) * 2654435761 + salt * 40503;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

export const isSeededIndex = (i: number): boolean => i < SEEDED_RANGE && i % 25 === 3;
export const isLockedIndex = (i: number): boolean => i === LOCKED_INDEX;
const isOptedInIndex = (i: number): boolean =>
  isSeededIndex(i) || isLockedIndex(i) || hash(i, 1) % 100 < OPTED_IN_PERCENT;

/** Username shapes people pick: first.last, first_last, firstlast, first.last42, and so on. */
function usernameOf(first: string, last: string, i: number): string {
  const n = hash(i, 3) % 100;
  switch (hash(i, 4) % 6) {
    case 0:
      return `${first}.${last}`;
    case 1:
      return `${first}_${last}`;
    case 2:
      return `${first}${last}`;
    case 3:
      return `${first}.${last}${n}`;
    case 4:
      return `${last}.${first}`;
    default:
      return `the.${first}.${last}`;
  }
}

function generate(): ThreadsAccount[] {
  const taken = new Set<string>();
  const accounts: ThreadsAccount[] = [];
  for (let i = 0; i < FOLLOWING_MAX_COUNT; i++) {
    const first = FIRST[hash(i, 5) % FIRST.length] ?? 'ana';
    const last = LAST[hash(i, 6) % LAST.length] ?? 'lee';
    // Instagram names may not end with a period.
    let username = usernameOf(first, last, i).slice(0, 25).replace(/\.+$/, '');
    // A taken name gets the position as a suffix, as people add digits when their name is gone.
    for (let k = 0; taken.has(username); k++) username = `${username.slice(0, 24)}${i}${k || ''}`;
    taken.add(username);
    const cap = (s: string): string => s[0]?.toUpperCase() + s.slice(1);
    accounts.push({
      username,
      id: String(63055400000 + i),
      displayName: `${cap(first)} ${cap(last)}`,
      fediverse: isOptedInIndex(i),
      locked: isLockedIndex(i),
      verified: hash(i, 7) % 40 === 0,
      bio: BIOS[hash(i, 8) % BIOS.length] ?? BIOS[0],
      followers: 20 + (hash(i, 9) % 4980),
    });
  }
  return accounts;
}

/** Every generated account, in list order. Not part of THREADS_ACCOUNTS: pages that list all accounts skip them. */
export const GENERATED_ACCOUNTS: readonly ThreadsAccount[] = generate();

/** The account whose Following list is the generated one (FOLLOWING_DEFAULT_COUNT people after a reset). */
export const FOLLOWING_OWNER = 'ada.follows';
export const FOLLOWING_DEFAULT_COUNT = 300;

export const FOLLOWING_OWNER_ACCOUNT: ThreadsAccount = {
  username: FOLLOWING_OWNER,
  id: '63055340301',
  displayName: 'Ada Lindholm',
  fediverse: true,
  locked: false,
  verified: false,
  bio: 'I follow far too many people. Moving my follows to the fediverse.',
  followers: 48,
};
