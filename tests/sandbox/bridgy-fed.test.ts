/**
 * Bridgy Fed's Bluesky bridge in the sandbox (docs/fediverse-software.md, "Bridgy Fed") and the home server's
 * direct messages that reach it: WebFinger for bridged and unbridged accounts, the bot, and the bridge requests
 * a direct message makes, with each of Bridgy Fed's outcomes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { BRIDGY_FED, HOME, HOME_USER, inProcessFediverse } from '../../sandbox';
import { QUILL, ROWAN, SNOWDROP, followedAt } from '../../sandbox/remote/bluesky-accounts';

const START = Date.UTC(2026, 11, 1, 12, 0, 0);
let clock = START;
const world = inProcessFediverse({ now: () => clock });
const MAYA = `https://${HOME}/users/${HOME_USER.username}`;
const webfinger = (user: string) =>
  world.fetch(`https://${BRIDGY_FED}/.well-known/webfinger?resource=acct:${user}@${BRIDGY_FED}`);

beforeEach(() => {
  clock = START;
  world.reset();
});

async function token(scopes = 'read write'): Promise<string> {
  const granted = (await world.admin(HOME, 'grant-token', {
    username: HOME_USER.username,
    redirectUri: 'urn:ietf:wg:oauth:2.0:oob',
    scopes,
  })) as { accessToken: string };
  return granted.accessToken;
}

async function post(
  body: Record<string, unknown>,
  options: { token?: string; key?: string } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const reply = await world.fetch(`https://${HOME}/api/v1/statuses`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${options.token ?? (await token())}`,
      'content-type': 'application/json',
      ...(options.key ? { 'idempotency-key': options.key } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: reply.status, json: (await reply.json()) as Record<string, unknown> };
}

interface Request {
  from: string;
  handle: string;
  outcome: string;
  reply: string;
}

async function requests(): Promise<Request[]> {
  await world.admin(HOME, 'deliveries', {});
  return ((await world.admin(BRIDGY_FED, 'requests', {})) as { requests: Request[] }).requests;
}

const ask = (handle: string, extra: Record<string, unknown> = {}) =>
  post({ status: `@bsky.brid.gy@bsky.brid.gy ${handle}`, visibility: 'direct', ...extra });

describe('WebFinger on bsky.brid.gy', () => {
  it.each([ROWAN, SNOWDROP, ...[0, 1, 2, 3, 4, 5].map(followedAt).filter((a) => a.bridged)])(
    'answers a JRD for $handle, bridged',
    async (account) => {
      const reply = await webfinger(account.handle);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('access-control-allow-origin')).toBe('*');
      const jrd = (await reply.json()) as { subject: string; links: { rel: string; href: string }[] };
      expect(jrd.subject).toBe(`acct:${account.handle}@${BRIDGY_FED}`);
      expect(jrd.links.find((l) => l.rel === 'self')?.href).toBe(`https://${BRIDGY_FED}/ap/${account.did}`);
    },
  );

  it.each([QUILL.handle, 'nobody.bsky.social', 'not a handle', ROWAN.handle.toUpperCase()])(
    'answers 404 in plain text for %s',
    async (user) => {
      const reply = await webfinger(user);
      expect(reply.status).toBe(404);
      expect(reply.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(reply.headers.get('cache-control')).toBe('public, max-age=3600');
      expect(await reply.text()).toBe(`No atproto user found for ${user}`);
    },
  );

  it('knows its bot as a Service', async () => {
    const reply = await webfinger('bsky.brid.gy');
    const jrd = (await reply.json()) as { links: { rel: string; href: string }[] };
    const self = jrd.links.find((l) => l.rel === 'self')!.href;
    const actor = await world.fetch(self, { headers: { accept: 'application/activity+json' } });
    expect(await actor.json()).toMatchObject({ type: 'Service', preferredUsername: 'bsky.brid.gy' });
  });
});

describe('POST /api/v1/statuses and the bridge requests it makes', () => {
  it('posts a direct message, links the mention and delivers it to the bot alone', async () => {
    await world.admin(BRIDGY_FED, 'set-sender-bridged', { actor: MAYA, bridged: true });
    const reply = await ask(QUILL.handle);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ visibility: 'direct' });
    expect(reply.json.content).toMatch(
      /class="u-url mention">@<span>bsky\.brid\.gy<\/span><\/a><\/span> quill/,
    );
    expect(reply.json.mentions).toEqual([expect.objectContaining({ acct: 'bsky.brid.gy@bsky.brid.gy' })]);
    expect(await requests()).toEqual([
      {
        from: MAYA,
        handle: QUILL.handle,
        outcome: 'requested',
        reply: `Got it! We'll send @${QUILL.handle} a message and say that you hope they'll enable the bridge. Fingers crossed!`,
      },
    ]);
    const { received } = (await world.admin(BRIDGY_FED, 'inbox', {})) as {
      received: { activity: { type: string; to: string[] } }[];
    };
    expect(received.map((r) => [r.activity.type, r.activity.to])).toEqual([
      ['Create', [`https://${BRIDGY_FED}/bsky.brid.gy`]],
    ]);
  });

  it.each([
    ['a sender not bridged to Bluesky', QUILL.handle, false, 'sender-not-bridged'],
    ['an account already bridged', ROWAN.handle, true, 'already-bridged'],
    ['a handle Bluesky does not have', 'nobody.bsky.social', true, 'not-found'],
  ])('answers %s', async (_case, handle, senderBridged, outcome) => {
    await world.admin(BRIDGY_FED, 'set-sender-bridged', { actor: MAYA, bridged: senderBridged });
    expect((await ask(handle)).status).toBe(200);
    expect((await requests()).map((r) => r.outcome)).toEqual([outcome]);
  });

  it('asks an account once, and a sender 10 times a day', async () => {
    await world.admin(BRIDGY_FED, 'set-sender-bridged', { actor: MAYA, bridged: true });
    await ask(QUILL.handle);
    await ask(QUILL.handle);
    const unbridged = Array.from({ length: 40 }, (_, i) => followedAt(i)).filter((a) => !a.bridged);
    for (const account of unbridged.slice(0, 9)) await ask(account.handle);
    expect((await requests()).map((r) => r.outcome)).toEqual([
      'requested',
      'already-requested',
      ...Array<string>(8).fill('requested'),
      'limit',
    ]);
    clock += 24 * 60 * 60 * 1000;
    await ask(unbridged[9]!.handle);
    expect((await requests()).at(-1)?.outcome).toBe('requested');
  });

  it.each([
    ['two words', { status: `@bsky.brid.gy@bsky.brid.gy ${QUILL.handle} please` }],
    ['a public post', { status: `@bsky.brid.gy@bsky.brid.gy ${QUILL.handle}`, visibility: 'public' }],
    ['a second recipient', { status: `@bsky.brid.gy@bsky.brid.gy @bob@remote.example ${QUILL.handle}` }],
  ])('ignores %s, as Bridgy Fed does', async (_case, body) => {
    await world.admin(BRIDGY_FED, 'set-sender-bridged', { actor: MAYA, bridged: true });
    expect((await post({ visibility: 'direct', ...body })).status).toBe(200);
    expect(await requests()).toEqual([]);
  });

  it('leaves a mention it cannot resolve as text, reaching nobody, with no error', async () => {
    const reply = await post({ status: '@nobody@down.example quill.bsky.social', visibility: 'direct' });
    expect(reply.status).toBe(200);
    expect(reply.json.mentions).toEqual([]);
    expect(reply.json.content).toBe('<p>@nobody@down.example quill.bsky.social</p>');
  });

  it('answers a repeated Idempotency-Key with the first post, and delivers it once', async () => {
    await world.admin(BRIDGY_FED, 'set-sender-bridged', { actor: MAYA, bridged: true });
    const bearer = await token();
    const body = { status: `@bsky.brid.gy@bsky.brid.gy ${QUILL.handle}`, visibility: 'direct' };
    const first = await post(body, { token: bearer, key: 'k1' });
    const again = await post(body, { token: bearer, key: 'k1' });
    expect(again.json.id).toBe(first.json.id);
    expect(await requests()).toHaveLength(1);
  });

  it.each([
    [{ status: '   ', visibility: 'direct' }, "Validation failed: Text can't be blank"],
    [{ status: 'x'.repeat(501) }, 'Validation failed: Text character limit of 500 exceeded'],
  ])('refuses %j with 422', async (body, error) => {
    expect(await post(body)).toEqual({ status: 422, json: { error } });
  });

  it('needs write:statuses', async () => {
    const reply = await post(
      { status: 'hello', visibility: 'direct' },
      { token: await token('read:search read:follows write:follows') },
    );
    expect(reply.status).toBe(403);
  });
});
