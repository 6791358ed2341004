/** Junk never throws and never matches; matches are deterministic and stay on the input's https host. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bridgyFedExamples } from './bridgy-fed';
import { friendicaExamples } from './friendica';
import { gotosocialExamples } from './gotosocial';
import { detectFediverseLink, LINK_DETECTORS } from './index';
import { lemmyExamples } from './lemmy';
import { mastodonExamples } from './mastodon';
import { misskeyExamples } from './misskey';
import { peertubeExamples } from './peertube';
import { pixelfedExamples } from './pixelfed';
import { pleromaExamples } from './pleroma';
import { threadsExamples } from './threads';

const POSITIVE = [
  mastodonExamples,
  gotosocialExamples,
  pleromaExamples,
  misskeyExamples,
  pixelfedExamples,
  lemmyExamples,
  peertubeExamples,
  friendicaExamples,
  threadsExamples,
  bridgyFedExamples,
].flatMap((examples) => [...examples.post, ...examples.profile].map(([url]) => url));

const example = fc.constantFrom(...POSITIVE);

/**
 * Bridgy Fed's `web.brid.gy/r/<page url>` wraps any page of any site: its tail is that page's path, which may be
 * long, percent-encoded, anything. The path-mangling properties leave those examples out.
 */
function wrapsWebPage(url: string): boolean {
  return /^\/r\/https?:\/\/(?!bsky\.app\/)/.test(new URL(url).pathname);
}
const idExample = example.filter((url) => !wrapsWebPage(url));
const detectors = Object.values(LINK_DETECTORS).map(({ detect }) => detect);

function parsed(input: string): URL | null {
  try {
    return new URL(input);
  } catch {
    return null;
  }
}

function checkResult(input: string): void {
  const link = detectFediverseLink(input);
  if (!link) return;
  const url = new URL(input);
  const out = new URL(link.url);
  expect(out.protocol).toBe('https:');
  expect(out.host).toBe(url.host);
  expect(out.search).toBe('');
  expect(out.hash).toBe('');
  expect(link.url).toBe(out.href);
}

describe('property: never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (input) => {
        expect(() => detectFediverseLink(input)).not.toThrow();
      }),
    );
  });

  it('on arbitrary web URLs, with well-formed results', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (input) => {
        checkResult(input);
      }),
      { numRuns: 500 },
    );
  });

  it('on example URLs with arbitrary text appended or inserted', () => {
    fc.assert(
      fc.property(example, fc.string({ unit: 'grapheme', maxLength: 40 }), fc.nat(), (url, junk, at) => {
        const position = at % (url.length + 1);
        const input = url.slice(0, position) + junk + url.slice(position);
        expect(() => detectFediverseLink(input)).not.toThrow();
        if (parsed(input)) checkResult(input);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('property: junk never matches', () => {
  it('strings that are not absolute URLs', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (input) => {
        fc.pre(parsed(input) === null);
        expect(detectFediverseLink(input)).toBeNull();
      }),
    );
  });

  it('an example under any other scheme', () => {
    fc.assert(
      fc.property(
        example,
        fc.constantFrom('http:', 'ftp:', 'ws:', 'wss:', 'file:', 'javascript:'),
        (url, scheme) => {
          expect(detectFediverseLink(url.replace(/^https:/, scheme))).toBeNull();
        },
      ),
    );
  });

  it('an example with userinfo', () => {
    fc.assert(
      fc.property(example, fc.stringMatching(/^[a-z0-9]{1,12}(:[a-z0-9]{0,12})?$/), (url, userinfo) => {
        expect(detectFediverseLink(url.replace('https://', `https://${userinfo}@`))).toBeNull();
      }),
    );
  });

  it('an example on an IP address or a single-label host', () => {
    fc.assert(
      fc.property(example, fc.ipV4(), fc.constantFrom('localhost', 'intranet'), (url, ip, label) => {
        const { hostname } = new URL(url);
        expect(detectFediverseLink(url.replace(hostname, ip))).toBeNull();
        expect(detectFediverseLink(url.replace(hostname, label))).toBeNull();
      }),
    );
  });

  it('an example whose last path segment grew past any id length', () => {
    fc.assert(
      fc.property(idExample, fc.stringMatching(/^[a-z0-9]{300}$/), (url, tail) => {
        const { origin, pathname } = new URL(url);
        const path = pathname.replace(/\/$/, '');
        expect(detectFediverseLink(`${origin}${path}${tail}`)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('an example with an encoded slash, space or traversal spliced into its path', () => {
    fc.assert(
      fc.property(idExample, fc.constantFrom('%2F', '%20', '%2e%2e%2f', '%00', '%40'), (url, junk) => {
        const parsedUrl = new URL(url);
        const path = parsedUrl.pathname.replace(/\/$/, '');
        const cut = path.lastIndexOf('/') + 2;
        const input = `${parsedUrl.origin}${path.slice(0, cut)}${junk}${path.slice(cut)}`;
        expect(detectFediverseLink(input)).toBeNull();
      }),
    );
  });
});

describe('property: deterministic', () => {
  it('every detector gives the same answer twice, for a URL object or its string', () => {
    fc.assert(
      fc.property(fc.oneof(example, fc.webUrl({ withQueryParameters: true })), (input) => {
        for (const detect of detectors) expect(detect(new URL(input))).toEqual(detect(new URL(input)));
        expect(detectFediverseLink(input)).toEqual(detectFediverseLink(new URL(input)));
      }),
    );
  });

  it('a match ignores the query and the fragment', () => {
    fc.assert(
      fc.property(
        example,
        fc.stringMatching(/^[a-z0-9=&]{0,20}$/),
        fc.stringMatching(/^[a-z0-9]{0,20}$/),
        (url, query, fragment) => {
          const base = new URL(url);
          // Bridgy Fed's web `/r/` form refuses any query (it would belong to the wrapped page).
          fc.pre(!wrapsWebPage(url));
          base.search = query;
          base.hash = fragment;
          expect(detectFediverseLink(base.href)).toEqual(detectFediverseLink(url));
        },
      ),
    );
  });
});
