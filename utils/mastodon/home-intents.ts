import { storage } from 'wxt/utils/storage';
import { parseIntents, type HomeIntents } from '../fediverse/intents';
import { browser } from 'wxt/browser';
import { accountsItem, defaultAccount, homeServerItem, readAccounts, type HomeServer } from '../storage';
import { REQUEST_TIMEOUT_MS } from './client';

/**
 * The home server's Activity Intents (FEP-3b86) and OStatus subscribe link, from its WebFinger answer for the
 * person's own account (docs/intents.md): the connected account's handle, else the handle typed into Home server,
 * else the server itself (`resource=https://<host>`, its instance actor, which Mastodon 4.6 answers with the same
 * links). Asked of the home server only, without cookies, by the background alone: when the server or the account
 * changes, at browser start, daily, and a few minutes after a try that got no answer.
 */

export const INTENTS_TTL_MS = 24 * 60 * 60 * 1000;

interface StoredIntents {
  /** The home server and the resource they were asked for: another's count for nothing. */
  host: string;
  resource: string;
  /** Epoch ms of the answer (a failed refresh keeps what was known, and its time). */
  fetched: number;
  found: HomeIntents;
}

const intentsItem = storage.defineItem<StoredIntents | null>('local:homeIntents', {
  fallback: null,
  version: 1,
});

const NONE: HomeIntents = { intents: {}, ownHosts: [] };

/** What to ask WebFinger about, for the home server as it is set now. */
export async function intentsResource(server: HomeServer): Promise<string> {
  const record = defaultAccount(server, await readAccounts());
  const handle = record?.account.handle ?? server.handle;
  return handle ? `acct:${handle}` : `https://${server.host}`;
}

/**
 * The intents stored for `server`, whatever their age, without asking anyone: what opens now never waits on the
 * home server for them. The background keeps them current (listenForHomeIntents); none stored yet (the server was
 * set a moment ago, or its answer failed) means the software's own pages are used meanwhile.
 */
export async function homeIntents(server: HomeServer): Promise<HomeIntents> {
  const stored = await intentsItem.getValue();
  return stored !== null && stored.host === server.host ? stored.found : NONE;
}

/** Calls `listener` whenever newly stored intents arrive. Returns the unwatch. */
export function watchIntents(listener: () => void): () => void {
  return intentsItem.watch(() => listener());
}

/** An account's WebFinger answer is a few hundred bytes; a much longer one is no answer. */
const MAX_ANSWER_BYTES = 64 * 1024;

async function boundedJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (text.length > MAX_ANSWER_BYTES) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

let running: Promise<boolean> | null = null;

/** The daily refresh, and the retry a failed one asks for. */
export const INTENTS_ALARM = 'homeward-intents';
const RETRY_MINUTES = 5;

/** No answer: asked again in a few minutes (a failed refresh keeps what was known meanwhile). */
function retryLater(): void {
  void browser.alarms.create(INTENTS_RETRY_ALARM, { delayInMinutes: RETRY_MINUTES });
}
export const INTENTS_RETRY_ALARM = 'homeward-intents-retry';

/**
 * Asks the home server unless what is stored is of the same server and resource and younger than a day (or
 * `force`). Resolves true when something new was stored. Never throws: a failure keeps what was known. An answer
 * that is no JRD (404: no such account; GoToSocial's for its instance) stores none, for a day.
 */
export function refreshIntents(force = false): Promise<boolean> {
  running ??= refresh(force).finally(() => {
    running = null;
  });
  return running;
}

async function refresh(force: boolean): Promise<boolean> {
  const server = await homeServerItem.getValue();
  if (!server) return false;
  const resource = await intentsResource(server);
  const stored = await intentsItem.getValue();
  const same = stored !== null && stored.host === server.host && stored.resource === resource;
  if (!force && same && Date.now() - stored.fetched < INTENTS_TTL_MS) return false;
  try {
    const response = await fetch(
      `https://${server.host}/.well-known/webfinger?resource=${encodeURIComponent(resource)}`,
      {
        credentials: 'omit',
        cache: 'no-store',
        // The home server's own answer only: a redirect elsewhere is another host's word.
        redirect: 'error',
        headers: { accept: 'application/jrd+json, application/json' },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      },
    );
    // A limit or a server error says nothing of what the server publishes: ask again next time.
    if (response.status === 429 || response.status >= 500) {
      retryLater();
      return false;
    }
    const found = response.ok ? parseIntents(await boundedJson(response)) : NONE;
    await intentsItem.setValue({ host: server.host, resource, fetched: Date.now(), found });
    return true;
  } catch {
    retryLater();
    return false;
  }
}

export async function forgetIntents(): Promise<void> {
  await intentsItem.removeValue();
}

/**
 * Wires the refreshes; called once from the background's main. The server or its account changing may change the
 * resource, and a new browser session may find a day gone by (a refresh does nothing while what is stored holds).
 */
export function listenForHomeIntents(): void {
  browser.runtime.onStartup.addListener(() => void refreshIntents());
  browser.runtime.onInstalled.addListener(() => void refreshIntents());
  for (const item of [homeServerItem, accountsItem]) item.watch(() => void refreshIntents());
  void browser.alarms.create(INTENTS_ALARM, { periodInMinutes: 24 * 60 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === INTENTS_ALARM || alarm.name === INTENTS_RETRY_ALARM) void refreshIntents();
  });
}
