/** Small response builders and request predicates shared by every remote host module. */
import type { SbRequest, SbResponse } from '../types';

export const AP_CONTENT_TYPE = 'application/activity+json; charset=utf-8';
export const AS_PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

/** ActivityPub clients ask with either media type (the AP spec allows both; Mastodon sends activity+json). */
export function wantsActivityJson(req: SbRequest): boolean {
  const accept = req.headers['accept'] ?? '';
  return accept.includes('application/activity+json') || accept.includes('application/ld+json');
}

/** Signatures are not verified: the sandbox only checks that the fetch was signed, as the caller must be. */
export function isSigned(req: SbRequest): boolean {
  return Boolean(req.headers['signature']) || /^signature /i.test(req.headers['authorization'] ?? '');
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function html(status: number, body: string, headers: Record<string, string> = {}): SbResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body };
}

export function json(
  status: number,
  body: unknown,
  contentType = 'application/json; charset=utf-8',
): SbResponse {
  return { status, headers: { 'content-type': contentType }, body: JSON.stringify(body) };
}

export function activityJson(body: unknown): SbResponse {
  return {
    status: 200,
    headers: { 'content-type': AP_CONTENT_TYPE, vary: 'Accept' },
    body: JSON.stringify(body),
  };
}

export function redirect(status: 301 | 302 | 303, location: string): SbResponse {
  return { status, headers: { location }, body: '' };
}

export function empty(status: number): SbResponse {
  return { status, body: '' };
}
