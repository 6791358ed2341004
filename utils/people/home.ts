import { homeSession, type HomeSession } from '../mastodon/session';

/** The people feature's side of the home server: the signed-in session. */

export type Session = HomeSession;

export async function currentSession(): Promise<Session | null> {
  const state = await homeSession();
  return state.kind === 'signed-in' ? state.session : null;
}
