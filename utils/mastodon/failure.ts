import { describeFailure, isUnauthorized } from './client';

/**
 * What went wrong with a call to the home server, once for every feature, and the one wording people read for
 * it. Each feature decides what it does about a failure (the follow button offers Try again, the people queue
 * stops and waits for Resume); none words it on its own.
 */
export type HomeFailure =
  /** 401: the token is dead; the features mark the account for reconnecting. */
  | { kind: 'unauthorized' }
  /** 429: the server asks Homeward to wait. */
  | { kind: 'rate-limited' }
  /** Any other HTTP status; `message` is the server's own `error` text. */
  | { kind: 'http'; status: number; message: string }
  | { kind: 'timeout' }
  /** No connection, or a page that is not the API's JSON (masto reads nginx's 502 page as a network error). */
  | { kind: 'unreachable' }
  | { kind: 'unreadable'; message: string };

export function classifyFailure(error: unknown): HomeFailure {
  if (isUnauthorized(error)) return { kind: 'unauthorized' };
  const failure = describeFailure(error);
  switch (failure.kind) {
    case 'http':
      if (failure.status === 429) return { kind: 'rate-limited' };
      return { kind: 'http', status: failure.status, message: failure.message };
    case 'timeout':
      return { kind: 'timeout' };
    case 'network':
      return { kind: 'unreachable' };
    case 'unexpected':
      return { kind: 'unreadable', message: failure.message };
  }
}

/**
 * How the server is named in a sentence. On Threads' and Instagram's pages it is "your server": their scripts can
 * read what the button shows, and the host would tell them where the person lives (docs/security.md).
 */
export interface ServerName {
  subject: string;
  object: string;
}

export const YOUR_SERVER: ServerName = { subject: 'Your server', object: 'your server' };

export function serverNamed(host: string): ServerName {
  return { subject: host, object: host };
}

type Worded = Exclude<HomeFailure, { kind: 'unauthorized' } | { kind: 'rate-limited' }>;

/**
 * The sentence for a failure. `withServerMessage` adds the server's own text to a refusal where no page script
 * can read it (the Opening page); never on Threads' or Instagram's pages, where it may name the server.
 */
export function failureReason(failure: Worded, server: ServerName, withServerMessage = false): string {
  switch (failure.kind) {
    case 'http':
      if (failure.status >= 500) return `${server.subject} is down (${failure.status})`;
      return `${server.subject} refused (${failure.status}${withServerMessage && failure.message ? `: ${failure.message}` : ''})`;
    case 'timeout':
      return `${server.subject} didn't answer within 5 seconds`;
    case 'unreachable':
      return `Couldn't reach ${server.object}, or it is down`;
    case 'unreadable':
      console.warn('Homeward: unexpected answer from the home server', failure.message);
      return `${server.subject} sent an answer Homeward couldn't read`;
  }
}
