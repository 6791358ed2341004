import { homeSession, type HomeSession } from '../mastodon/session';
import { BudgetTracker } from '../mastodon/rate-budget';

/** The people feature's side of the home server: the signed-in session, and the rate budget its jobs pace by. */

export type Session = HomeSession;

export async function currentSession(): Promise<Session | null> {
  const state = await homeSession();
  return state.kind === 'signed-in' ? state.session : null;
}

export const budgets = new BudgetTracker();
