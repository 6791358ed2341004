/**
 * The object JSON a server answers for a local-id URL is outside input: any status, media type and body must give
 * the object's https `id` or null, never a rejection.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canonicalActivityId } from './activity-id';

const URL_ASKED = 'https://lemmy.copy.example/post/42';

/** A response from URL_ASKED (a fetched response knows its URL; a constructed one needs telling). */
function answering(status: number, type: string, body: string) {
  return vi.fn(async () => {
    const response = new Response(body, { status, headers: { 'content-type': type } });
    Object.defineProperty(response, 'url', { value: URL_ASKED });
    return response;
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const status = fc.oneof(fc.constant(200), fc.integer({ min: 200, max: 599 }));
const type = fc.constantFrom(
  'application/activity+json',
  'application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
  'application/json',
  'text/html',
);
const id = fc.oneof(
  fc.webUrl(),
  fc.constantFrom(
    'http://origin.example/post/7',
    'javascript:alert(1)',
    `https://origin.example/${'x'.repeat(2100)}`,
  ),
  fc.jsonValue(),
);
const body = fc.oneof(
  id.map((value) => JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', id: value })),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

describe('property: canonicalActivityId', () => {
  it('never rejects, and is null or the https id (2048 characters at most) of an ActivityPub answer', async () => {
    await fc.assert(
      fc.asyncProperty(status, type, body, async (code, media, text) => {
        vi.stubGlobal('fetch', answering(code, media, text));
        const result = await canonicalActivityId(URL_ASKED);
        if (result === null) return;
        expect(code >= 200 && code < 300).toBe(true);
        expect(media).not.toMatch(/^(application\/json|text\/html)/);
        expect(result).toMatch(/^https:\/\//i);
        expect(result.length).toBeLessThanOrEqual(2048);
        expect(result).toBe((JSON.parse(text) as { id: unknown }).id);
      }),
      { numRuns: 300 },
    );
  });

  it('reads any https id on the answering host', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .webUrl({ withQueryParameters: true, withFragments: true })
          .map((url) => url.replace(/^[a-z]+:\/\/[^/?#]*/i, 'https://lemmy.copy.example'))
          .filter((url) => url.length <= 2048),
        async (value) => {
          vi.stubGlobal('fetch', answering(200, 'application/activity+json', JSON.stringify({ id: value })));
          expect(await canonicalActivityId(URL_ASKED)).toBe(value);
        },
      ),
      { numRuns: 100 },
    );
  });
});
