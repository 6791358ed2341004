import { normaliseHost } from '../fediverse/server-input';
import { webClientItem, type WebClient } from '../storage';
import { fillPattern } from './web-ui';

/**
 * The web client choice, checked: Elk or Phanpy on a host that passes the same gate as a typed server (a
 * self-hosted copy works), or a custom client's two https address patterns, each naming the object (`{id}` or
 * `{acct}`) without letting it change the origin. Whatever a page hands over and whatever storage holds passes
 * here: the sync area is written by Homeward's pages only, but read back as it is found.
 */
export const MAX_PATTERN_LENGTH = 300;

/** The pattern's origin with these values filled in, or null when that is no https address without credentials. */
function originWith(pattern: string, values: { server: string; acct: string; id: string }): string | null {
  const filled = fillPattern(pattern, values);
  if (!URL.canParse(filled)) return null;
  const url = new URL(filled);
  return url.protocol === 'https:' && !url.username && !url.password ? url.origin : null;
}

function pattern(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_PATTERN_LENGTH) return null;
  const trimmed = value.trim();
  const one = originWith(trimmed, { server: 'a.example', acct: 'b', id: '1' });
  // The person's own server may name the origin (a client on its host); what the server answers may not.
  const other = originWith(trimmed, { server: 'a.example', acct: 'd@e.example', id: '2' });
  if (one === null || one !== other) return null;
  return /\{(?:id|acct)\}/.test(trimmed) ? trimmed : null;
}

/** A web client as it may be used, or null for anything else (including null: the server's own web UI). */
export function checkedWebClient(value: unknown): WebClient | null {
  if (typeof value !== 'object' || value === null) return null;
  const chosen = value as Record<string, unknown>;
  if (chosen.kind === 'elk' || chosen.kind === 'phanpy') {
    const host = typeof chosen.host === 'string' ? normaliseHost(chosen.host.trim()) : null;
    return host ? { kind: chosen.kind, host } : null;
  }
  if (chosen.kind === 'custom') {
    const post = pattern(chosen.post);
    const profile = pattern(chosen.profile);
    return post && profile ? { kind: 'custom', post, profile } : null;
  }
  return null;
}

/** The choice in storage, checked again as it is read. */
export async function currentWebClient(): Promise<WebClient | null> {
  return checkedWebClient(await webClientItem.getValue());
}
