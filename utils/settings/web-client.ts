import { record } from '../messaging/bus';
import { checkedWebClient } from '../mastodon/web-client';
import type { WebClient } from '../storage';

/**
 * **Open at home in**, as a page hands it over: `{ client: null }` goes back to the server's own web UI; a client
 * must pass utils/mastodon/web-client.ts's checks. Anything else is refused.
 */
export function parseWebClient(payload: unknown): { client: WebClient | null } | null {
  const fields = record(payload);
  if (!fields || !('client' in fields)) return null;
  if (fields.client === null) return { client: null };
  const client = checkedWebClient(fields.client);
  return client ? { client } : null;
}
