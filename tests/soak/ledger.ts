/**
 * What the person asked for and what they were shown, kept as the soak goes, and the counts it must end with at 0
 * (tests/soak/README.md): lost operations, duplicate follows, states that contradict the server, stuck controls.
 */
import type { Sandbox } from '../../sandbox';
import { HOME } from '../../sandbox/hosts';

export type Ask = 'follow' | 'unfollow';

/** The labels a settled follow button shows after an ask that worked (sandbox/harness/follow-button.ts FOLLOW). */
const DONE: Record<Ask, readonly string[]> = {
  follow: ['Following on Mastodon', 'Requested'],
  unfollow: ['Follow on Mastodon'],
};
/** Labels that are the ask's failure, said: a retry with its reason, or what stands in the way. */
const FAILED_SHOWN = /^(Try again( at .+)?|Connect Mastodon|Blocked by your server|Not on the fediverse)$/;

export class Ledger {
  operations = 0;
  /** Follow asks per account: clicks on Follow and the People queue's accounts. */
  readonly followAsks = new Map<string, number>();
  /** Lost: an ask that neither happened nor shows as failed with a reason. */
  readonly lost: string[] = [];
  readonly contradictions: string[] = [];
  /** A control that never settled within the person's patience (not an ask: a check, a link, a sign-in). */
  readonly stuckControls: string[] = [];
  /** Outcomes by kind, for the table's detail. */
  readonly outcomes = new Map<string, number>();
  /** Accounts the person's clicks touched, by site, for the audit's fresh look. */
  readonly touched = new Map<string, 'threads' | 'instagram'>();

  count(what: string): void {
    this.outcomes.set(what, (this.outcomes.get(what) ?? 0) + 1);
  }

  /** A failure the page said, with its words: counted as shown only when there are words. */
  shown(what: string, reason: string): void {
    if (reason.trim()) this.count(what);
    else this.stuckControls.push(`${what}: no reason given`);
  }

  stuck(what: string): void {
    this.stuckControls.push(what);
  }

  ask(handle: string, ask: Ask): void {
    if (ask === 'follow') this.followAsks.set(handle, (this.followAsks.get(handle) ?? 0) + 1);
  }

  /**
   * What the button settled on after an ask: done (then the server must agree now), a failure said with its reason,
   * or nothing (lost).
   */
  async answered(
    sandbox: Sandbox,
    handle: string,
    ask: Ask,
    after: { label: string; title: string } | null,
    what: string,
    lastSeen = '',
  ): Promise<void> {
    this.touched.set(handle, what.startsWith('instagram') ? 'instagram' : 'threads');
    if (!after) {
      this.lost.push(`${what}: the button never settled (last seen ${lastSeen})`);
      return;
    }
    if (DONE[ask].includes(after.label)) {
      const follows = await serverFollows(sandbox);
      const has = follows.has(handle);
      if (has !== (ask === 'follow'))
        this.contradictions.push(`${what}: shows ${after.label}, the server ${has ? 'follows' : 'does not'}`);
      this.count(`${ask}: done`);
      return;
    }
    if (FAILED_SHOWN.test(after.label)) {
      // "Try again" carries its reason in its title (and accessible description); the others are reasons.
      if (after.label === 'Try again' && !after.title.trim())
        this.lost.push(`${what}: Try again without a reason`);
      else this.count(`${ask}: failed, reason shown`);
      return;
    }
    this.lost.push(`${what}: settled on ${after.label}`);
  }
}

/** The accounts the home server's user follows or has asked to follow, seeded ones included. */
export async function serverFollows(sandbox: Sandbox): Promise<Map<string, string>> {
  const state = await sandbox.admin.hostOp<{
    follows: { acct: string; state: string }[];
    seededFollows: { acct: string; state: string }[];
  }>(HOME, 'state');
  return new Map([...state.follows, ...state.seededFollows].map((f) => [f.acct, f.state]));
}

/** Every follow the server made, by account (the home server's `followsMade`). */
export async function followsMade(sandbox: Sandbox): Promise<Map<string, number>> {
  const { followsMade } = await sandbox.admin.hostOp<{ followsMade: string[] }>(HOME, 'state');
  const made = new Map<string, number>();
  for (const acct of followsMade) made.set(acct, (made.get(acct) ?? 0) + 1);
  return made;
}
