import { words, type MessageKey, type Words } from '../i18n';
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
 * How the server is named in a sentence: by its host, or as "your server". On Threads' and Instagram's pages it is
 * always "your server": their scripts can read what the button shows, and the host would tell them where the person
 * lives (docs/security.md). Each is a sentence of its own in the catalogues, since languages inflect "your server"
 * by its place in the sentence.
 */
export type ServerName = { host: string } | 'yours';

export const YOUR_SERVER: ServerName = 'yours';

export function serverNamed(host: string): ServerName {
  return { host };
}

type Worded = Exclude<HomeFailure, { kind: 'unauthorized' } | { kind: 'rate-limited' }>;

/**
 * The sentence for a failure, as words for the page that shows it (utils/i18n). `withServerMessage` adds the
 * server's own text to a refusal where no page script can read it (the Opening page); never on Threads' or
 * Instagram's pages, where it may name the server.
 */
export function failureReason(failure: Worded, server: ServerName, withServerMessage = false): Words {
  // Each sentence has a "your server" key and a host-naming one: `<stem>Yours`, `<stem>Host`.
  const say = (stem: string, params?: Record<string, string>): Words =>
    server === 'yours'
      ? words(`${stem}Yours` as MessageKey, params)
      : words(`${stem}Host` as MessageKey, { host: server.host, ...params });
  switch (failure.kind) {
    case 'http': {
      const status = String(failure.status);
      if (failure.status >= 500) return say('failure_down', { status });
      if (server !== 'yours' && withServerMessage && failure.message)
        return words('failure_refusedHostMessage', { host: server.host, status, message: failure.message });
      return say('failure_refused', { status });
    }
    case 'timeout':
      return say('failure_timeout');
    case 'unreachable':
      return say('failure_unreachable');
    case 'unreadable':
      console.warn('Homeward: unexpected answer from the home server', failure.message);
      return say('failure_unreadable');
  }
}
