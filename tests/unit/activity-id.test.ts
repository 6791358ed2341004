import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTIVITY_ID_TIMEOUT_MS, canonicalActivityId } from '@/utils/open-at-home/activity-id';

const COPY = 'https://lemmy.copy.example/post/42';
const ORIGIN_ID = 'https://lemmy.origin.example/post/7';
/** A post of the copy's own server, under its canonical id. */
const COPY_ID = 'https://lemmy.copy.example/post/42?canonical';

interface Sent {
  url: string;
  credentials: RequestCredentials | undefined;
  accept: string | null;
  redirect: RequestRedirect | undefined;
  signal: AbortSignal | null | undefined;
}

/** What each URL answers; a redirect is followed only when the request says `redirect: 'follow'`. */
type Answer = { status?: number; type?: string; body?: string; location?: string } | 'hang' | 'network';
let pages: Map<string, Answer>;
let sent: Sent[];

async function fakeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = String(input);
  sent.push({
    url,
    credentials: init?.credentials,
    accept: new Headers(init?.headers).get('accept'),
    redirect: init?.redirect,
    signal: init?.signal,
  });
  const answer = pages.get(url) ?? { status: 404, type: 'text/html', body: 'Not found' };
  if (answer === 'network') throw new TypeError('fetch failed');
  if (answer === 'hang') {
    // Like fetch: nothing arrives, and the request ends only when its signal aborts.
    return new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
    });
  }
  if (answer.location !== undefined) {
    if (init?.redirect !== 'follow')
      return answered(url, new Response(null, { status: answer.status ?? 302 }));
    return fakeFetch(answer.location, init);
  }
  return answered(
    url,
    new Response(answer.body ?? '', {
      status: answer.status ?? 200,
      headers: { 'content-type': answer.type ?? 'application/activity+json' },
    }),
  );
}

/** A fetched response knows where it came from (after redirects): a constructed one needs telling. */
function answered(url: string, response: Response): Response {
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

function activityPub(id: unknown, type = 'application/activity+json; charset=utf-8'): Answer {
  return { type, body: JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', id }) };
}

beforeEach(() => {
  pages = new Map();
  sent = [];
  vi.stubGlobal('fetch', fakeFetch);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('canonicalActivityId', () => {
  it('is the id of the ActivityPub JSON the server answers', async () => {
    pages.set(COPY, activityPub(COPY_ID));
    expect(await canonicalActivityId(COPY)).toBe(COPY_ID);
  });

  it('is null for an id on another host than the one that answered (only a server speaks for its objects)', async () => {
    pages.set(COPY, activityPub(ORIGIN_ID));
    expect(await canonicalActivityId(COPY)).toBeNull();
  });

  it.each([
    ['an IP address', 'https://10.0.0.7/post/7'],
    ['a single-label intranet name', 'https://wiki/post/7'],
  ])('is null after a redirect to %s', async (_name, target) => {
    pages.set(COPY, { status: 302, location: target });
    pages.set(target, activityPub(target));
    expect(await canonicalActivityId(COPY)).toBeNull();
  });

  it('asks for ActivityPub JSON, without cookies, following redirects, with a deadline', async () => {
    pages.set(COPY, activityPub(ORIGIN_ID));
    await canonicalActivityId(COPY);
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request?.url).toBe(COPY);
    expect(request?.credentials).toBe('omit');
    expect(request?.redirect).toBe('follow');
    expect(request?.signal).toBeInstanceOf(AbortSignal);
    const accepted = (request?.accept ?? '').split(/,\s*/);
    expect(accepted).toContain('application/activity+json');
    expect(accepted).toContain('application/ld+json; profile="https://www.w3.org/ns/activitystreams"');
    expect(request?.accept).not.toMatch(/text\/html/);
  });

  it('accepts ld+json with the ActivityStreams profile', async () => {
    pages.set(
      COPY,
      activityPub(COPY_ID, 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'),
    );
    expect(await canonicalActivityId(COPY)).toBe(COPY_ID);
  });

  it.each([
    ['plain JSON', 'application/json'],
    ['ld+json without the profile', 'application/ld+json'],
    ['HTML', 'text/html; charset=utf-8'],
  ])('is null for %s', async (_name, type) => {
    pages.set(COPY, activityPub(COPY_ID, type));
    expect(await canonicalActivityId(COPY)).toBeNull();
  });

  it('follows a redirect to the original (Lemmy answers a copy with one)', async () => {
    pages.set(COPY, { status: 301, location: ORIGIN_ID });
    pages.set(ORIGIN_ID, activityPub(ORIGIN_ID));
    expect(await canonicalActivityId(COPY)).toBe(ORIGIN_ID);
    expect(sent.map((request) => request.url)).toEqual([COPY, ORIGIN_ID]);
  });

  it.each([
    ['an http id', 'http://lemmy.origin.example/post/7'],
    ['a relative id', '/post/7'],
    ['a javascript: id', 'javascript:alert(1)'],
    ['a number', 7],
    ['no id', undefined],
    ['an overlong id', `https://lemmy.origin.example/${'a'.repeat(2048)}`],
  ])('is null for %s', async (_name, id) => {
    pages.set(COPY, activityPub(id));
    expect(await canonicalActivityId(COPY)).toBeNull();
  });

  it.each<[string, Answer]>([
    ['a refusal to unsigned requests', { status: 401, type: 'application/activity+json', body: '{}' }],
    [
      'a server error',
      { status: 500, type: 'application/activity+json', body: '{"id":"https://x.example/1"}' },
    ],
    ['an unreadable body', { type: 'application/activity+json', body: '{"id":' }],
    ['a JSON null', { type: 'application/activity+json', body: 'null' }],
    ['an unreachable server', 'network'],
  ])('is null for %s', async (_name, answer) => {
    pages.set(COPY, answer);
    expect(await canonicalActivityId(COPY)).toBeNull();
  });

  it('gives up after the deadline', async () => {
    const deadline = new AbortController();
    const timeout = vi.spyOn(AbortSignal, 'timeout').mockReturnValue(deadline.signal);
    pages.set(COPY, 'hang');
    let settled = false;
    const answer = canonicalActivityId(COPY).finally(() => {
      settled = true;
    });
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(settled).toBe(false);
    expect(timeout).toHaveBeenCalledWith(ACTIVITY_ID_TIMEOUT_MS);
    deadline.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    expect(await answer).toBeNull();
  });
});
