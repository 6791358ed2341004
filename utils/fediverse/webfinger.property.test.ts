/**
 * WebFinger answers come from the networks Homeward asks (Threads today): any JSON at all must give a value, never
 * an exception, and the actor it reports must be an https self link of an ActivityStreams type that the answer
 * really contained.
 */
import fc from 'fast-check';
import { words } from '../i18n';
import { describe, expect, it } from 'vitest';
import { classifyWebfinger, selfLinkOf } from './webfinger';

const ACTIVITY_TYPES = [
  'application/activity+json',
  'Application/Activity+JSON; charset=utf-8',
  'application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
  ' application/ld+json ',
];

/** Links that are sometimes right, mostly a little wrong: each field from a small set of near misses or junk. */
const link = fc.record(
  {
    rel: fc.oneof(
      fc.constantFrom('self', 'Self', 'http://webfinger.net/rel/profile-page', ''),
      fc.jsonValue(),
    ),
    type: fc.oneof(fc.constantFrom(...ACTIVITY_TYPES, 'text/html', 'application/json', ''), fc.jsonValue()),
    href: fc.oneof(
      fc.webUrl(),
      fc.constantFrom('https://www.threads.net/ap/users/1/', 'HTTPS://x.example/u', 'http://x.example/u', ''),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: [] },
);

const jrd = fc.oneof(
  fc.record({ links: fc.array(fc.oneof(link, fc.jsonValue()), { maxLength: 6 }) }, { requiredKeys: [] }),
  fc.jsonValue(),
  fc.anything(),
);

/** A self link as selfLinkOf must take it: https, either media type ActivityPub allows (any case, any parameters). */
function isActorLink(candidate: unknown): candidate is { href: string } {
  if (typeof candidate !== 'object' || candidate === null) return false;
  const { rel, type, href } = candidate as Record<string, unknown>;
  if (rel !== 'self' || typeof type !== 'string' || typeof href !== 'string') return false;
  const media = type.split(';')[0]!.trim().toLowerCase();
  return ['application/activity+json', 'application/ld+json'].includes(media) && /^https:\/\//i.test(href);
}

describe('property: selfLinkOf', () => {
  it('never throws, and returns the href of the first actor link the answer holds, or null', () => {
    fc.assert(
      fc.property(jrd, (body) => {
        const links: unknown = (body as { links?: unknown } | null)?.links;
        const first = Array.isArray(links) ? links.find(isActorLink) : undefined;
        expect(selfLinkOf(body)).toBe(first?.href ?? null);
      }),
      { numRuns: 300 },
    );
  });

  it('finds an actor link wherever it stands among other links', () => {
    fc.assert(
      fc.property(
        fc.array(
          link.filter((other) => !isActorLink(other)),
          { maxLength: 5 },
        ),
        fc.nat(),
        fc.constantFrom(...ACTIVITY_TYPES),
        (others, at, type) => {
          const actor = { rel: 'self', type, href: 'https://www.threads.net/ap/users/1/' };
          const links = [...others];
          links.splice(at % (others.length + 1), 0, actor);
          expect(selfLinkOf({ links })).toBe(actor.href);
        },
      ),
    );
  });
});

describe('property: classifyWebfinger', () => {
  it('404 is not-found, other statuses but 200 are unknown, and 200 is found exactly when there is an actor', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), jrd, (status, body) => {
        const answer = classifyWebfinger('threads.net', status, body);
        if (status === 404) expect(answer).toEqual({ kind: 'not-found' });
        else if (status !== 200)
          expect(answer).toEqual({
            kind: 'unknown',
            reason: words('people_webfingerStatus', { host: 'threads.net', status: String(status) }),
          });
        else {
          const actor = selfLinkOf(body);
          expect(answer).toEqual(
            actor
              ? { kind: 'found', actor }
              : { kind: 'unknown', reason: words('people_webfingerNoLink', { host: 'threads.net' }) },
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});
