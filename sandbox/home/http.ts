/** Request parsing and response helpers shared by the home server's routes. */
import { randomBytes } from 'node:crypto';
import type { SbRequest, SbResponse } from '../types';

/** Rails-style parameters: `a[]=1&a[]=2` becomes an array under `a`; JSON bodies keep their values. */
export type Params = Record<string, unknown>;

function addFormPair(params: Params, key: string, value: string): void {
  if (key.endsWith('[]')) {
    const name = key.slice(0, -2);
    const previous = params[name];
    params[name] = Array.isArray(previous) ? [...(previous as unknown[]), value] : [value];
  } else {
    params[key] = value;
  }
}

/** Query parameters merged with form or JSON body parameters, the body winning (as Rails does). */
export function readParams(req: SbRequest): Params {
  const params: Params = {};
  for (const [key, value] of req.url.searchParams) addFormPair(params, key, value);
  const type = req.headers['content-type'] ?? '';
  const text = req.body.toString('utf8');
  if (!text) return params;
  if (type.includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed);
    } catch {
      // Rails answers 400 for unparsable JSON before any controller runs; an empty param set gives the same
      // "missing parameter" outcome for every endpoint here.
    }
  } else if (type.includes('application/x-www-form-urlencoded') || type === '') {
    for (const [key, value] of new URLSearchParams(text)) addFormPair(params, key, value);
  }
  return params;
}

/** A scalar parameter as a string; numbers and booleans are stringified, arrays and objects ignored. */
export function stringParam(params: Params, key: string): string | undefined {
  const value = params[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** `ActiveModel::Type::Boolean` casting as Mastodon's `truthy_param?` uses it. */
export function truthy(value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  return !['0', 'f', 'false', 'off', 'F', 'FALSE', 'OFF'].includes(value);
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): SbResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function html(status: number, body: string, headers: Record<string, string> = {}): SbResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body };
}

export function redirect(
  location: string,
  status = 302,
  headers: Record<string, string | string[]> = {},
): SbResponse {
  return { status, headers: { location, ...headers }, body: '' };
}

export function empty(status: number, headers: Record<string, string> = {}): SbResponse {
  return { status, headers, body: '' };
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function stripTags(htmlText: string): string {
  return htmlText
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
    .trim();
}

/** Appends a header value, keeping any earlier one (Set-Cookie may repeat). */
export function addHeader(res: SbResponse, name: string, value: string): void {
  const headers = (res.headers ??= {});
  const previous = headers[name];
  if (previous === undefined) headers[name] = value;
  else headers[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
}
