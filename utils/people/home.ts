import { homeSoftware } from '../mastodon/home-software';
import { homeSession, type HomeSession } from '../mastodon/session';

/**
 * The people feature's side of the home server: the signed-in session, and the requests its long jobs leave in the
 * server's rate budget for the person (utils/mastodon/home-software.ts, `jobReserve`).
 */
export type Session = HomeSession & { reserve: number };

export async function currentSession(): Promise<Session | null> {
  const state = await homeSession();
  return state.kind === 'signed-in'
    ? { ...state.session, reserve: homeSoftware(state.server).jobReserve }
    : null;
}
