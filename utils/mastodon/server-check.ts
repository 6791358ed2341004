import { describeFailure, REQUEST_TIMEOUT_MS, restClient } from './client';
import type { HomeServer } from '../storage';

export type ServerCheck =
  { ok: true; server: HomeServer } | { ok: false; reason: 'unreachable' | 'timeout' | 'not-mastodon' };

const plainInit = (): RequestInit => ({
  credentials: 'omit',
  cache: 'no-store',
  signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
});

/**
 * Asks a server whether it speaks Mastodon's API: `/api/v2/instance`, falling back to `/api/v1/instance`
 * (older Mastodon, GoToSocial, Akkoma), and nodeinfo for the software's name.
 */
export async function checkServer(host: string): Promise<ServerCheck> {
  const client = restClient(host);
  let title: string;
  let localDomain = host;
  try {
    const instance = await client.v2.instance.fetch();
    title = instance.title;
    localDomain = instance.domain || host;
  } catch (v2Error) {
    const v2 = describeFailure(v2Error);
    if (v2.kind === 'timeout') return { ok: false, reason: 'timeout' };
    try {
      const instance = await client.v1.instance.fetch();
      title = instance.title;
      localDomain = instance.uri.replace(/^https?:\/\//, '').replace(/\/$/, '') || host;
    } catch (v1Error) {
      const v1 = describeFailure(v1Error);
      if (v1.kind === 'timeout') return { ok: false, reason: 'timeout' };
      return { ok: false, reason: (await isReachable(host)) ? 'not-mastodon' : 'unreachable' };
    }
  }
  const software = await fetchSoftware(host);
  return { ok: true, server: { host, localDomain, title, ...software } };
}

/**
 * A server that answers without CORS headers (any ordinary web site) makes fetch fail exactly like a dead host.
 * An opaque no-cors request tells the two apart: it resolves whenever the host answers at all.
 */
async function isReachable(host: string): Promise<boolean> {
  try {
    // no-cors requires redirect 'follow' (Fetch standard), else the request fails before it is sent.
    await fetch(`https://${host}/`, { ...plainInit(), mode: 'no-cors' });
    return true;
  } catch {
    return false;
  }
}

interface NodeInfoIndex {
  links?: Array<{ rel?: string; href?: string }>;
}

async function fetchSoftware(host: string): Promise<{ software: string; version: string }> {
  const unknown = { software: 'unknown', version: '' };
  try {
    const index = (await (
      await fetch(`https://${host}/.well-known/nodeinfo`, plainInit())
    ).json()) as NodeInfoIndex;
    const href = index.links?.find((link) =>
      link.rel?.startsWith('http://nodeinfo.diaspora.software/ns/schema/'),
    )?.href;
    if (!href || new URL(href).protocol !== 'https:') return unknown;
    const info = (await (await fetch(href, plainInit())).json()) as {
      software?: { name?: unknown; version?: unknown };
    };
    const name = info.software?.name;
    const version = info.software?.version;
    return typeof name === 'string'
      ? { software: name.toLowerCase(), version: typeof version === 'string' ? version : '' }
      : unknown;
  } catch {
    return unknown;
  }
}
