import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ROUTES } from '@/entrypoints/background/routes';
import { A_TAB } from '@/tests/unit/browser-fixtures';
import {
  listenForMessages,
  MAX_STRING_FIELD,
  originOf,
  pageRoute,
  routeTable,
  scriptRoute,
  withString,
  type Origin,
} from './bus';

const TAB = A_TAB;
const page = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });
const script = (url = 'https://www.threads.com/@juno') => ({
  id: fakeBrowser.runtime.id,
  tab: TAB,
  frameId: 0,
  url,
});

const pageHandler = vi.fn(async (request: { name: string }) => `hello ${request.name}`);
const scriptHandler = vi.fn(async (request: { name: string }) => `hi ${request.name}`);
const failing = vi.fn(async (): Promise<string> => {
  throw new Error('down');
});

beforeEach(() => {
  fakeBrowser.reset();
  pageHandler.mockClear();
  scriptHandler.mockClear();
  listenForMessages(
    routeTable(
      { 'test:page': pageRoute({ parse: withString('name'), handle: pageHandler }) },
      {
        'test:script': scriptRoute((url) => url.hostname === 'www.threads.com', {
          parse: withString('name'),
          handle: scriptHandler,
          refused: 'refused',
        }),
        'test:failing': scriptRoute(() => true, {
          parse: () => ({}),
          handle: failing,
          refused: 'refused',
          failed: 'failed',
        }),
        'test:failing-page': pageRoute({ parse: () => ({}), handle: failing, failed: 'failed' }),
      },
    ),
  );
});

afterEach(() => {
  vi.restoreAllMocks();
});

function deliver(message: unknown, sender: object): Promise<unknown[]> {
  return fakeBrowser.runtime.onMessage.trigger(message, sender);
}

describe('the message bus', () => {
  it('hands an extension page’s message to its route', async () => {
    expect(await deliver({ type: 'test:page', payload: { name: 'Ada' } }, page())).toEqual(['hello Ada']);
  });

  it('hands a content script’s message to its route on the pages it accepts', async () => {
    expect(await deliver({ type: 'test:script', payload: { name: 'Juno' } }, script())).toEqual(['hi Juno']);
  });

  it.each([
    ['a content script sending a page’s message', { type: 'test:page', payload: { name: 'x' } }, script()],
    ['a page sending a content script’s message', { type: 'test:script', payload: { name: 'x' } }, page()],
    [
      'a content script on a page its route does not accept',
      { type: 'test:script', payload: { name: 'x' } },
      script('https://example.com/'),
    ],
    ['another extension', { type: 'test:page', payload: { name: 'x' } }, { ...page(), id: 'someone-else' }],
    ['a frame', { type: 'test:script', payload: { name: 'x' } }, { ...script(), frameId: 2 }],
    [
      'a sender without a tab or an extension address',
      { type: 'test:script', payload: { name: 'x' } },
      { ...script(), tab: undefined },
    ],
    ['an unknown type', { type: 'test:other', payload: {} }, page()],
    ['a type inherited from Object', { type: 'toString', payload: {} }, page()],
    ['junk', 'test:page', page()],
  ])('leaves %s unanswered, and calls no handler', async (_name, message, sender) => {
    expect(await deliver(message, sender)).toEqual([undefined]);
    expect(pageHandler).not.toHaveBeenCalled();
    expect(scriptHandler).not.toHaveBeenCalled();
  });

  it('answers a refused payload with the route’s refusal, without calling its handler', async () => {
    expect(await deliver({ type: 'test:script', payload: { name: 42 } }, script())).toEqual(['refused']);
    expect(scriptHandler).not.toHaveBeenCalled();
  });

  it('rejects a refused payload from a page when its route has no refusal', async () => {
    await expect(deliver({ type: 'test:page', payload: null }, page())).rejects.toThrow(
      'refused a test:page',
    );
    expect(pageHandler).not.toHaveBeenCalled();
  });

  it('answers a content script whose handler failed with the route’s failure, and lets a page see the error', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await deliver({ type: 'test:failing', payload: {} }, script('https://remote.example/'))).toEqual([
      'failed',
    ]);
    await expect(deliver({ type: 'test:failing-page', payload: {} }, page())).rejects.toThrow('down');
  });

  it('refuses two routes for one type at start', () => {
    const route = pageRoute({ parse: withString('name'), handle: pageHandler });
    expect(() => routeTable({ 'test:a': route }, { 'test:a': route })).toThrow('two routes for test:a');
  });

  it('tells an extension page from a content script by the browser’s word only', () => {
    expect(originOf(page())?.kind).toBe('extension-page');
    expect(originOf(script())?.kind).toBe('content-script');
    // A web page's address that names the extension's is still a web page.
    const lookalike = script(`https://evil.example/${fakeBrowser.runtime.getURL('/popup.html')}`);
    expect(originOf(lookalike)?.kind).toBe('content-script');
  });
});

describe('every route of the background', () => {
  const origins: Origin[] = [
    { kind: 'extension-page', sender: page() },
    { kind: 'content-script', page: new URL('https://www.threads.com/@juno'), tab: TAB },
    { kind: 'content-script', page: new URL('https://remote.example/@bob/1'), tab: TAB },
  ];

  it('declares who may send it', () => {
    for (const route of Object.values(ROUTES)) {
      expect(route.from === 'extension-pages' || typeof route.from.contentScriptsOn === 'function').toBe(
        true,
      );
    }
  });

  it('checks any payload without throwing, and refuses what is not an object', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(ROUTES)),
        fc.anything(),
        fc.constantFrom(...origins),
        (type, payload, origin) => {
          const route = ROUTES[type]!;
          const request: unknown = route.parse(payload, origin);
          if (typeof payload !== 'object' && payload !== undefined) expect(request).toBeNull();
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('the Opening page, the one page any site can open', () => {
  const opening = (frameId = 0) => ({
    id: fakeBrowser.runtime.id,
    url: fakeBrowser.runtime.getURL('/opening.html?url=https%3A%2F%2Fremote.example%2F%40bob'),
    tab: TAB,
    frameId,
  });
  const asPage = (sender: object): Origin => ({
    kind: 'extension-page',
    sender: sender as Extract<Origin, { kind: 'extension-page' }>['sender'],
  });
  const openingOnly = new Set(['open:resolve', 'open:view-original', 'open:choose-client']);
  const openingToo = new Set<string>();

  it('may send only the routes that name it, and only from its top frame', () => {
    for (const [type, route] of Object.entries(ROUTES)) {
      if (route.from !== 'extension-pages') continue;
      const payload =
        type === 'setWebClient'
          ? { client: null }
          : type === 'open:choose-client'
            ? { kind: 'elk' }
            : { url: 'https://remote.example/@bob' };
      const fromOpening = route.parse(payload, asPage(opening())) !== null;
      const fromFrame = route.parse(payload, asPage(opening(3))) !== null;
      const fromPopup = route.parse(payload, asPage(page())) !== null;
      expect.soft(fromOpening, type).toBe(openingOnly.has(type) || openingToo.has(type));
      expect.soft(fromFrame, type).toBe(false);
      if (openingOnly.has(type)) expect.soft(fromPopup, type).toBe(false);
    }
  });
});

describe('string fields', () => {
  it('refuses a string longer than any message of Homeward carries', () => {
    const parse = withString('name');
    expect(parse({ name: 'x'.repeat(MAX_STRING_FIELD) })).toEqual({ name: 'x'.repeat(MAX_STRING_FIELD) });
    expect(parse({ name: 'x'.repeat(MAX_STRING_FIELD + 1) })).toBeNull();
  });
});
