/**
 * A page's own `link rel=alternate` and `profile:username` are whatever the page's author wrote: any attributes
 * must give markers, never an exception, and an ActivityPub id only when it is an https URL without userinfo
 * that an ActivityStreams alternate link really named.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isActivityType, pageMarkers, type MarkerDocument, type MarkerElement } from './markers';

type Attributes = Record<string, string>;

/** Just enough of a Document for pageMarkers: the selectors it uses, over plain attribute maps. */
function fakeDocument(links: Attributes[], username: string | null = null): MarkerDocument {
  const element = (attributes: Attributes): MarkerElement => ({
    getAttribute: (name) => attributes[name] ?? null,
  });
  return {
    querySelector: (selectors) =>
      selectors === 'meta[property="profile:username"]' && username !== null
        ? element({ property: 'profile:username', content: username })
        : null,
    querySelectorAll: (selectors) => {
      if (selectors !== 'link[rel][href][type]') throw new Error(`unexpected selector ${selectors}`);
      return links.filter((link) => 'rel' in link && 'href' in link && 'type' in link).map(element);
    },
  };
}

const ACTIVITY_TYPES = [
  'application/activity+json',
  'APPLICATION/ACTIVITY+JSON; charset=utf-8',
  'application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
  'application/ld+json;profile="https://www.w3.org/ns/activitystreams https://example.org/x"',
];

const text = fc.string({ unit: 'binary', maxLength: 40 });
const attributes = fc.record(
  {
    rel: fc.oneof(fc.constantFrom('alternate', 'Alternate', 'canonical', 'alternate nofollow'), text),
    type: fc.oneof(fc.constantFrom(...ACTIVITY_TYPES, 'text/html', 'application/ld+json', ''), text),
    href: fc.oneof(
      fc.webUrl(),
      fc.webPath(),
      fc.constantFrom(
        'http://x.example/a',
        'https://me:pw@x.example/a',
        'javascript:alert(1)',
        '//x.example/a',
      ),
      text,
    ),
  },
  { requiredKeys: [] },
);
const pageUrl = fc.oneof(fc.webUrl(), fc.constant('https://remote.example/@bob/1'));

describe('property: isActivityType', () => {
  it('never throws, and says yes only to the two media types ActivityPub allows', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.constantFrom(...ACTIVITY_TYPES)), (type) => {
        if (!isActivityType(type)) return;
        expect(['application/activity+json', 'application/ld+json']).toContain(
          type.split(';')[0]!.trim().toLowerCase(),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('says yes to either spelling in any letter case, whatever parameters follow', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ACTIVITY_TYPES),
        fc.boolean(),
        fc.stringMatching(/^[a-z]{1,8}=[a-z0-9]{0,8}$/),
        (type, upper, parameter) => {
          const cased = upper ? type.replace(/^[^;]+/, (media) => media.toUpperCase()) : type;
          expect(isActivityType(`${cased}; ${parameter}`)).toBe(true);
        },
      ),
    );
  });
});

describe('property: pageMarkers', () => {
  it('never throws; an id it reports is an https URL without userinfo, from an alternate activity link', () => {
    fc.assert(
      fc.property(
        fc.array(attributes, { maxLength: 5 }),
        pageUrl,
        fc.option(text),
        (links, page, username) => {
          const markers = pageMarkers(fakeDocument(links, username), page);
          expect(markers.isFediverse).toBe(markers.activityId !== null);
          if (markers.username !== null) expect(markers.username).not.toMatch(/[\s<>"]/);
          if (markers.activityId === null) return;
          const id = new URL(markers.activityId);
          expect(id.protocol).toBe('https:');
          expect(id.username + id.password).toBe('');
          expect(id.href).toBe(markers.activityId);
          expect(
            links.some(
              (link) =>
                (link.rel ?? '').toLowerCase().split(/\s+/).includes('alternate') &&
                isActivityType(link.type ?? '') &&
                new URL((link.href ?? '').trim(), page).href === markers.activityId,
            ),
          ).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds an ActivityStreams alternate link wherever it stands, resolved against the page', () => {
    fc.assert(
      fc.property(
        fc.array(
          attributes.filter((link) => !isActivityType(link.type ?? '')),
          { maxLength: 4 },
        ),
        fc.nat(),
        fc.constantFrom(...ACTIVITY_TYPES),
        fc.webPath(),
        (others, at, type, path) => {
          const links = [...others];
          links.splice(at % (others.length + 1), 0, { rel: 'alternate', type, href: `/ap${path}` });
          const page = 'https://remote.example/@bob/1';
          expect(pageMarkers(fakeDocument(links), page).activityId).toBe(new URL(`/ap${path}`, page).href);
        },
      ),
    );
  });
});
