/**
 * Account and status ids in each home software's format (docs/home-server.md §10.5), all time-ordered. With `seq`
 * the id is the same at every reset (the seeded accounts and posts); without, its low part is random.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { SoftwareProfile } from './software';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Misskey's aid and aidx count milliseconds from 2000-01-01. */
const MISSKEY_EPOCH = Date.UTC(2000, 0, 1);

function encode(value: bigint, alphabet: string, width = 0): string {
  const base = BigInt(alphabet.length);
  let text = '';
  let rest = value;
  do {
    text = alphabet[Number(rest % base)] + text;
    rest /= base;
  } while (rest > 0n);
  return text.padStart(width, alphabet[0]);
}

function lowBits(bits: number, seq: number | undefined): bigint {
  if (seq !== undefined) return BigInt(seq) & ((1n << BigInt(bits)) - 1n);
  return BigInt(`0x${randomBytes(Math.ceil(bits / 8)).toString('hex')}`) & ((1n << BigInt(bits)) - 1n);
}

/** Mastodon: milliseconds shifted 16 bits, a sequence in the low bits, as a decimal string. */
function snowflake(ms: number, seq: number | undefined): string {
  return ((BigInt(Math.floor(ms)) << 16n) | BigInt(seq ?? randomInt(65536))).toString();
}

/** GoToSocial: a ULID, 48 bits of milliseconds and 80 random bits in Crockford's base 32 (26 characters). */
function ulid(ms: number, seq: number | undefined): string {
  return encode(BigInt(Math.floor(ms)), CROCKFORD, 10) + encode(lowBits(80, seq), CROCKFORD, 16);
}

/** Akkoma: a flake id, 64 bits of milliseconds, 48 of worker and 16 of sequence, in base 62. */
function flake(ms: number, seq: number | undefined): string {
  return encode((BigInt(Math.floor(ms)) << 64n) | lowBits(64, seq), BASE62);
}

/** Sharkey: an aidx, base-36 milliseconds since 2000 (8) + a node id (4) + a counter (4). */
function aidx(ms: number, seq: number | undefined): string {
  const time = encode(
    BigInt(Math.max(0, Math.floor(ms) - MISSKEY_EPOCH)),
    '0123456789abcdefghijklmnopqrstuvwxyz',
    8,
  );
  return time.slice(-8) + encode(lowBits(40, seq), '0123456789abcdefghijklmnopqrstuvwxyz', 8).slice(-8);
}

const MAKERS = { snowflake, ulid, flake, aidx } as const;

export function newId(profile: SoftwareProfile, ms: number, seq?: number): string {
  return MAKERS[profile.ids](ms, seq);
}
