import fc from 'fast-check';
import { words } from '@/utils/i18n';
import { describe, expect, it, vi } from 'vitest';
import type { OpeningRequest, OpenOutcome, OpenRequests } from '@/utils/open-at-home/protocol';
import {
  chooseClientThenOpen,
  MAX_URL_LENGTH,
  parseOpeningAddress,
  runOpening,
  viewOriginal,
  type OpeningView,
  type SendOpen,
} from './opening-controller';

const POST = 'https://remote.example/@juno/1123581321';
const AP = 'https://remote.example/users/juno/statuses/1123581321';

function address(original: string, ticket?: string): { search: string; hash: string } {
  return { search: ticket === undefined ? '' : `?t=${encodeURIComponent(ticket)}`, hash: `#${original}` };
}

const TICKET = '0b8f6f0e-6c1a-4d43-9d55-2c0b8cf2a1e7';

describe('parseOpeningAddress', () => {
  it.each<[string, { search: string; hash: string }, OpeningRequest | null]>([
    ['a post', address(POST), { url: POST }],
    ['a post with its ticket', address(POST, TICKET), { url: POST, ticket: TICKET }],
    ['a profile', address('https://remote.example/@juno'), { url: 'https://remote.example/@juno' }],
    [
      'everything after the first #, its own fragment included',
      address(`${POST}#replies`),
      { url: `${POST}#replies` },
    ],
    [
      'a query and a # inside the original',
      address('https://lemmy.example/post/7?sort=New#comment-3#x'),
      { url: 'https://lemmy.example/post/7?sort=New#comment-3#x' },
    ],
    [
      'a host in upper case, normalised',
      address('https://Remote.Example/@juno'),
      { url: 'https://remote.example/@juno' },
    ],
    [
      // What older builds put in the address, and what a crafted one carries: it means nothing now.
      'an activity id and via=request are not read',
      { search: `?ap=${encodeURIComponent(AP)}&via=request`, hash: `#${POST}` },
      { url: POST },
    ],
    ['an empty ticket is none', { search: '?t=', hash: `#${POST}` }, { url: POST }],
    ['no hash', { search: '', hash: '' }, null],
    ['a bare #', { search: '', hash: '#' }, null],
    ['a hash without #', { search: '', hash: POST }, null],
    ['only a ticket', { search: `?t=${TICKET}`, hash: '' }, null],
    ['http', address('http://remote.example/@juno'), null],
    ['javascript:', address('javascript:alert(1)'), null],
    ['data:', address('data:text/html,<b>hi</b>'), null],
    ['an extension page', address('chrome-extension://abc/opening.html'), null],
    ['not a URL', address('remote.example/@juno'), null],
    ['credentials', address('https://home.example@evil.example/@juno'), null],
    ['too long', address(`https://remote.example/${'a'.repeat(MAX_URL_LENGTH)}`), null],
  ])('%s', (_name, location, expected) => {
    expect(parseOpeningAddress(location)).toEqual(expected);
  });

  it('accepts an address exactly MAX_URL_LENGTH long', () => {
    const base = 'https://remote.example/';
    const url = base + 'a'.repeat(MAX_URL_LENGTH - base.length);
    expect(parseOpeningAddress(address(url))).toEqual({ url });
  });

  it('never throws, and whatever it returns is https and short enough', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), fc.string({ maxLength: 3000 }), (search, hash) => {
        const target = parseOpeningAddress({ search, hash });
        if (target === null) return;
        expect(new URL(target.url).protocol).toBe('https:');
        expect(target.url.length).toBeLessThanOrEqual(MAX_URL_LENGTH);
      }),
    );
  });

  it('reads back every https URL it is given', () => {
    fc.assert(
      fc.property(
        fc.webUrl({ validSchemes: ['https'], withFragments: true, withQueryParameters: true, size: 'small' }),
        (url) => {
          fc.pre(url.length <= MAX_URL_LENGTH);
          expect(parseOpeningAddress(address(url))?.url).toBe(new URL(url).href);
        },
      ),
    );
  });
});

/** A background that answers `open:resolve` with `outcomes`, one per call. */
function fakeBackground(...outcomes: (OpenOutcome | Error)[]) {
  const send = vi.fn<SendOpen>(async (type, payload) => {
    if (type === 'open:view-original' || type === 'open:choose-client')
      return { ok: true } as OpenRequests[typeof type]['response'];
    expect(payload).toEqual(TARGET);
    const next = outcomes.shift();
    if (!next) throw new Error('unexpected call');
    if (next instanceof Error) throw next;
    return next as OpenRequests[typeof type]['response'];
  });
  const replace = vi.fn<(url: string) => void>();
  const rendered: OpeningView[] = [];
  const render = vi.fn<(view: OpeningView) => void>((view) => void rendered.push(view));
  return { send, replace, render, rendered };
}

const TARGET: OpeningRequest = { url: POST, ticket: TICKET };
const server = 'home.example';

describe('runOpening', () => {
  it.each<Extract<OpenOutcome, { homeUrl: string }>>([
    { kind: 'found', homeUrl: 'https://home.example/@juno@remote.example/110' },
    { kind: 'remote-interaction', homeUrl: 'https://home.example/authorize_interaction?uri=x' },
  ])('$kind: leaves for the home URL once, showing nothing but "Opening…"', async (outcome) => {
    const deps = fakeBackground(outcome);
    await expect(runOpening(TARGET, deps)).resolves.toEqual(outcome);
    expect(deps.send).toHaveBeenCalledExactlyOnceWith('open:resolve', TARGET);
    expect(deps.replace).toHaveBeenCalledExactlyOnceWith(outcome.homeUrl);
    expect(deps.rendered).toEqual(['resolving', outcome]);
  });

  it.each<OpenOutcome>([
    { kind: 'no-server' },
    { kind: 'already-home' },
    { kind: 'not-found', server },
    { kind: 'blocked', server, domain: 'remote.example' },
    { kind: 'needs-login', server },
    { kind: 'rate-limited', server, until: Date.UTC(2025, 5, 1, 14, 5) },
    { kind: 'failed', server, reason: words('failure_downHost', { host: server, status: '502' }) },
  ])('$kind: shows it and stays', async (outcome) => {
    const deps = fakeBackground(outcome);
    await runOpening(TARGET, deps);
    expect(deps.rendered).toEqual(['resolving', outcome]);
    expect(deps.replace).not.toHaveBeenCalled();
  });

  it('load-original: leaves for the original the background let through', async () => {
    const deps = fakeBackground({ kind: 'load-original' });
    await runOpening(TARGET, deps);
    expect(deps.replace).toHaveBeenCalledExactlyOnceWith(TARGET.url);
    expect(deps.rendered).toEqual(['resolving', { kind: 'load-original' }]);
  });

  it('asks the background before it paints, so that a sleeping one wakes meanwhile', async () => {
    const order: string[] = [];
    const deps = fakeBackground({ kind: 'not-found', server });
    const send = deps.send;
    await runOpening(TARGET, {
      ...deps,
      send: ((type, payload) => {
        order.push('send');
        return send(type, payload);
      }) as SendOpen,
      render: (view) => {
        order.push(view === 'resolving' ? 'resolving' : view.kind);
      },
    });
    expect(order).toEqual(['send', 'resolving', 'not-found']);
  });

  it('says so when sending throws at once (the extension was reloaded under the page)', async () => {
    const deps = fakeBackground({ kind: 'not-found', server });
    const outcome = await runOpening(TARGET, {
      ...deps,
      send: (() => {
        throw new Error('Extension context invalidated.');
      }) as SendOpen,
    });
    expect(outcome).toMatchObject({ kind: 'failed', reason: words('opening_noAnswer') });
  });

  it('says so when the background does not answer', async () => {
    const deps = fakeBackground(new Error('Could not establish connection. Receiving end does not exist.'));
    const outcome = await runOpening(TARGET, deps);
    expect(outcome).toMatchObject({ kind: 'failed', reason: words('opening_noAnswer') });
    expect(deps.rendered.at(-1)).toEqual(outcome);
    expect(deps.replace).not.toHaveBeenCalled();
  });

  it.each(['javascript:alert(1)', 'http://home.example/@juno', 'not a url'])(
    'does not leave for a home URL that is not https: %s',
    async (homeUrl) => {
      const deps = fakeBackground({ kind: 'found', homeUrl });
      const outcome = await runOpening(TARGET, deps);
      expect(outcome.kind).toBe('failed');
      expect(deps.replace).not.toHaveBeenCalled();
    },
  );

  it('retries: resolving again, then the new outcome', async () => {
    const found: OpenOutcome = { kind: 'found', homeUrl: 'https://home.example/@juno@remote.example/110' };
    const deps = fakeBackground(
      { kind: 'failed', server, reason: words('failure_timeoutHost', { host: server }) },
      found,
    );
    await runOpening(TARGET, deps);
    expect(deps.replace).not.toHaveBeenCalled();
    await runOpening(TARGET, deps);
    expect(deps.rendered).toEqual([
      'resolving',
      { kind: 'failed', server, reason: words('failure_timeoutHost', { host: server }) },
      'resolving',
      found,
    ]);
    expect(deps.replace).toHaveBeenCalledExactlyOnceWith(found.homeUrl);
    expect(deps.send).toHaveBeenCalledTimes(2);
  });
});

describe('chooseClientThenOpen', () => {
  const found: OpenOutcome = {
    kind: 'found',
    homeUrl: 'https://elk.zone/home.example/@juno@remote.example/110',
  };

  it('shows the question answered before it stores the choice, then leaves once', async () => {
    const deps = fakeBackground(found);
    const order: string[] = [];
    const send = deps.send;
    await chooseClientThenOpen('elk', TARGET, {
      ...deps,
      send: ((type, payload) => {
        order.push(type);
        return send(type, payload);
      }) as SendOpen,
      render: (view) => void order.push(view === 'resolving' ? 'resolving' : view.kind),
    });
    // The page's watch on the stored choice fires between the two sends: by then the view is 'resolving'.
    expect(order.slice(0, 2)).toEqual(['resolving', 'open:choose-client']);
    expect(send).toHaveBeenCalledWith('open:choose-client', { kind: 'elk' });
    expect(deps.replace).toHaveBeenCalledExactlyOnceWith(found.homeUrl);
  });

  it('still resolves when storing the choice fails, and the page asks again', async () => {
    const again: OpenOutcome = { kind: 'choose-client', server };
    const deps = fakeBackground(again);
    deps.send.mockRejectedValueOnce(new Error('Extension context invalidated.'));
    await expect(chooseClientThenOpen('phanpy', TARGET, deps)).resolves.toEqual(again);
    expect(deps.rendered).toEqual(['resolving', 'resolving', again]);
  });
});

describe('viewOriginal', () => {
  it('asks the background to take the tab there, and renders nothing', async () => {
    const deps = fakeBackground();
    await viewOriginal({ url: `${POST}#replies`, ticket: TICKET }, deps);
    expect(deps.send).toHaveBeenCalledExactlyOnceWith('open:view-original', {
      url: `${POST}#replies`,
      ticket: TICKET,
    });
    expect(deps.render).not.toHaveBeenCalled();
  });

  it('says so when the background does not answer', async () => {
    const deps = fakeBackground();
    deps.send.mockRejectedValueOnce(new Error('Extension context invalidated.'));
    await viewOriginal({ url: POST }, deps);
    expect(deps.rendered).toEqual([expect.objectContaining({ kind: 'failed' })]);
  });
});
