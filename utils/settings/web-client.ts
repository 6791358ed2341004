import { normaliseHost } from '../fediverse/server-input';
import { record } from '../messaging/bus';
import type { WebClient } from '../storage';

/**
 * A web client choice as a page hands it over: Elk or Phanpy on a host that passes the same gate as a typed server
 * (a self-hosted copy works), or a custom client's two https address patterns, each with `{server}` and `{id}` or
 * `{acct}` in it. `{ client: null }` goes back to the server's own web UI. Anything else is refused.
 */
export const MAX_PATTERN_LENGTH = 300;

function pattern(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_PATTERN_LENGTH) return null;
  const trimmed = value.trim();
  const sample = trimmed
    .replaceAll('{server}', 'a.example')
    .replaceAll('{acct}', 'b')
    .replaceAll('{id}', '1');
  if (!URL.canParse(sample)) return null;
  const url = new URL(sample);
  if (url.protocol !== 'https:' || url.username || url.password) return null;
  return /\{(?:id|acct)\}/.test(trimmed) ? trimmed : null;
}

export function parseWebClient(payload: unknown): { client: WebClient | null } | null {
  const fields = record(payload);
  if (!fields || !('client' in fields)) return null;
  const client = fields.client;
  if (client === null) return { client: null };
  const chosen = record(client);
  if (!chosen) return null;
  if (chosen.kind === 'elk' || chosen.kind === 'phanpy') {
    const host = typeof chosen.host === 'string' ? normaliseHost(chosen.host.trim()) : null;
    return host ? { client: { kind: chosen.kind, host } } : null;
  }
  if (chosen.kind === 'custom') {
    const post = pattern(chosen.post);
    const profile = pattern(chosen.profile);
    return post && profile ? { client: { kind: 'custom', post, profile } } : null;
  }
  return null;
}
