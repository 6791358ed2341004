/**
 * What goes wrong during the soak, drawn from one seeded generator so that a failing run can be played again
 * (`--seed`). Every fault is one the sandbox plays from the real software's behaviour (sandbox/core/README.md, the
 * home server's `set-rate-limit` and `revoke-tokens`, docs/home-server.md §7): nothing here invents an answer.
 */
import type { SandboxAdmin } from '../../sandbox/core/admin-client';
import type { Fault } from '../../sandbox/core/faults';
import type { SoftwareId } from '../../sandbox/home/software';
import { HOME } from '../../sandbox/hosts';

/** mulberry32: a small seeded generator, enough for choosing faults and operations. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

export function weighted<T extends string>(random: Random, weights: Readonly<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  let roll = random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, weight] of entries) {
    roll -= weight;
    if (roll < 0) return key;
  }
  return entries.at(-1)![0];
}

/** Threads' WebFinger, which the follow button and the People page ask before the home server. */
const THREADS_WEBFINGER = 'www.threads.net';

/** The home API's paths a fault can sit in front of: everything, a follow, a search, the account check. */
/** The home API's accounts paths: follow, unfollow, relationships. */
const FOLLOWS_PREFIX = '/api/v1/accounts/';
const HOME_PREFIXES = ['/', '/api/v1/accounts/', '/api/v2/search', '/api/v1/accounts/verify_credentials'];

export type FaultKind = 'latency' | 'status' | 'refuse' | 'hang' | 'drop-after' | 'rate-limit';

/** Counts of what was injected, for the table. */
export type Injected = Record<FaultKind | 'revoked' | 'down' | 'worker-stopped' | 'restart', number>;

export const noneInjected = (): Injected => ({
  latency: 0,
  status: 0,
  refuse: 0,
  hang: 0,
  'drop-after': 0,
  'rate-limit': 0,
  revoked: 0,
  down: 0,
  'worker-stopped': 0,
  restart: 0,
});

/** Mastodon's API windows are 5 minutes on the clock's multiples (docs/home-server.md §7). */
const WINDOW_MS = 300_000;

export class Chaos {
  readonly injected = noneInjected();
  /** The home server is down (every request refused) until then; 0 when it is up. */
  downUntil = 0;
  /** The fault in place now, in words (for the trace). */
  current = '';
  /** When the last 429 put in place ends: the server's own limit, which `calm` cannot take back. */
  rateLimitedUntil = 0;

  constructor(
    private readonly random: Random,
    private readonly admin: SandboxAdmin,
    private readonly software: SoftwareId,
  ) {}

  /**
   * Before an operation: leave the current fault, clear it, or put a new one in its place. While the server is
   * down, nothing else changes until its minute is over.
   */
  async step(): Promise<void> {
    if (this.downUntil > Date.now()) return;
    if (this.downUntil) {
      this.downUntil = 0;
      await this.admin.clearFaults();
    }
    const roll = this.random();
    if (roll < 0.4) return;
    await this.admin.clearFaults();
    this.current = '';
    if (roll < 0.65) return;
    const kind = weighted<FaultKind>(this.random, {
      latency: 4,
      status: 2,
      refuse: 1,
      hang: 1,
      'drop-after': 2,
      'rate-limit': 1,
    });
    if (kind === 'rate-limit') {
      if (await this.rateLimit()) {
        this.injected['rate-limit'] += 1;
        this.current = '429';
      }
      return;
    }
    const host = this.random() < 0.2 ? THREADS_WEBFINGER : HOME;
    const pathPrefix = host === HOME ? pick(this.random, HOME_PREFIXES) : '/.well-known/webfinger';
    // An answer lost after the server acted matters where the server acts: always the home server's accounts API
    // (follows), whichever host was drawn.
    await this.put(
      kind,
      kind === 'drop-after' ? { host: HOME, pathPrefix: FOLLOWS_PREFIX } : { host, pathPrefix },
    );
  }

  /** Puts a fault of `kind` at `where`, in place of the one before. */
  private async put(
    kind: Exclude<FaultKind, 'rate-limit'>,
    where: { host: string; pathPrefix: string },
  ): Promise<void> {
    const fault: Fault = { ...where };
    if (kind === 'latency') fault.latencyMs = 300 + Math.floor(this.random() * 7700);
    if (kind === 'status') fault.status = pick(this.random, [500, 502, 503, 504]);
    if (kind === 'refuse') fault.refuse = true;
    if (kind === 'hang') fault.hang = true;
    if (kind === 'drop-after') fault.dropAfter = true;
    await this.admin.clearFaults();
    await this.admin.fault(fault);
    this.injected[kind] += 1;
    this.current = JSON.stringify(fault);
  }

  /**
   * Right before a click on Follow or Unfollow, now and then: a fault in front of the follow itself (the check before
   * it has passed), so that the asks meet the faults and not only the checks.
   */
  async strike(): Promise<void> {
    if (this.downUntil > Date.now() || this.random() < 0.5) return;
    const kind = weighted<Exclude<FaultKind, 'rate-limit'>>(this.random, {
      latency: 3,
      status: 2,
      refuse: 1,
      hang: 1,
      'drop-after': 3,
    });
    await this.put(kind, { host: HOME, pathPrefix: FOLLOWS_PREFIX });
  }

  /**
   * A 429 with its reset time: the API family's budget spent until its window ends. Mastodon's windows end on the
   * clock's 5-minute multiples, so the 429 is played only when that end is 5–40 s away (otherwise the run would wait
   * out minutes); GoToSocial's window starts at the first request, so it ends 5–30 s from now.
   */
  private async rateLimit(): Promise<boolean> {
    if (this.software === 'gotosocial') {
      const resetInMs = 5000 + Math.floor(this.random() * 25_000);
      await this.admin.hostOp(HOME, 'set-rate-limit', { family: 'api', remaining: 0, resetInMs });
      this.rateLimitedUntil = Date.now() + resetInMs;
      return true;
    }
    const left = WINDOW_MS - (Date.now() % WINDOW_MS);
    if (left < 5000 || left > 40_000) return false;
    await this.admin.hostOp(HOME, 'set-rate-limit', { family: 'api', remaining: 0 });
    this.rateLimitedUntil = Date.now() + left;
    return true;
  }

  /** The home server revokes every token (an admin's action, or the person revoking Homeward in its settings). */
  async revoke(): Promise<void> {
    await this.admin.hostOp(HOME, 'revoke-tokens', {});
    this.injected.revoked += 1;
  }

  /** The home server goes down for `ms`: every request to it is refused. */
  async down(ms: number): Promise<void> {
    await this.admin.clearFaults();
    await this.admin.fault({ host: HOME, refuse: true });
    this.downUntil = Date.now() + ms;
    this.injected.down += 1;
    this.current = 'server down';
  }

  /** Everything back to normal, as at the end of a run before its audit. */
  async calm(): Promise<void> {
    this.downUntil = 0;
    this.current = '';
    await this.admin.clearFaults();
  }

  /**
   * Until the last 429's window has ended: before then the pages rightly say "Try again at …", which is what the
   * server says, and the audit would read that instead of the state.
   */
  async rateLimitOver(): Promise<void> {
    const left = this.rateLimitedUntil + 1000 - Date.now();
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
}
