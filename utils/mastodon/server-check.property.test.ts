/**
 * What a server says about itself (its instance `domain`/`uri`, its nodeinfo) is outside input: any JSON must
 * give a value, never an exception, and any host taken from it passes normaliseHost.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseHost } from '../fediverse/server-input';
import { localDomainOf, nodeinfoHref, softwareOf } from './server-check';

const HOST = 'home.example';
const SCHEMA = 'http://nodeinfo.diaspora.software/ns/schema/';

const reported = fc.oneof(
  fc.domain(),
  fc.domain().map((domain) => `https://${domain}/`),
  fc.ipV4(),
  fc.constantFrom(
    'Not A Domain/..',
    'localhost',
    'home.example:8443',
    'me@home.example',
    'Bücher.example',
    '',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue(),
);

describe('property: localDomainOf', () => {
  it('never throws, and is null or a host that passes normaliseHost unchanged', () => {
    fc.assert(
      fc.property(reported, (value) => {
        const domain = localDomainOf(value, HOST);
        if (domain !== null) expect(normaliseHost(domain)).toBe(domain);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a domain bare or as an https URL, in any letter case, as the same host', () => {
    fc.assert(
      fc.property(fc.domain(), fc.boolean(), fc.boolean(), (domain, asUrl, upper) => {
        const host = normaliseHost(domain);
        fc.pre(host !== null);
        const cased = upper ? domain.toUpperCase() : domain;
        expect(localDomainOf(asUrl ? `https://${cased}/` : cased, HOST)).toBe(host);
      }),
    );
  });

  it('is the server’s own host when it says nothing', () => {
    fc.assert(
      fc.property(fc.constantFrom(undefined, null, '', 'https://', 'https:///'), (nothing) => {
        expect(localDomainOf(nothing, HOST)).toBe(HOST);
      }),
    );
  });
});

const nodeinfoLink = fc.record(
  {
    rel: fc.oneof(fc.constantFrom(`${SCHEMA}2.0`, `${SCHEMA}2.1`, 'self', ''), fc.jsonValue()),
    href: fc.oneof(
      fc.webUrl(),
      fc.constantFrom(
        'https://127.0.0.1/nodeinfo/2.0',
        'https://home.example:8443/x',
        'http://home.example/x',
      ),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: [] },
);

describe('property: nodeinfoHref', () => {
  it('never throws, and is null or an https URL on a host that passes normaliseHost', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ links: fc.array(fc.oneof(nodeinfoLink, fc.jsonValue()), { maxLength: 5 }) }),
          fc.anything(),
        ),
        (index) => {
          const href = nodeinfoHref(index);
          if (href === null) return;
          const url = new URL(href);
          expect(url.protocol).toBe('https:');
          expect(url.port).toBe('');
          expect(normaliseHost(url.hostname)).toBe(url.hostname);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('takes the first schema link, on any valid host', () => {
    fc.assert(
      fc.property(fc.domain(), fc.webPath(), (domain, path) => {
        fc.pre(normaliseHost(domain) !== null);
        const href = `https://${domain}${path}`;
        expect(
          nodeinfoHref({
            links: [
              { rel: 'self', href: 'https://other.example/' },
              { rel: `${SCHEMA}2.0`, href },
            ],
          }),
        ).toBe(href);
      }),
    );
  });
});

describe('property: softwareOf', () => {
  it('never throws; a name it returns is lower case and short, a version a short string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({
            software: fc.record({ name: fc.jsonValue(), version: fc.jsonValue() }, { requiredKeys: [] }),
          }),
          fc.record({
            software: fc.record({
              name: fc.string({ minLength: 80, maxLength: 120 }),
              version: fc.string({ minLength: 80, maxLength: 120 }),
            }),
          }),
          fc.anything(),
        ),
        (info) => {
          const software = softwareOf(info);
          if (software === null) return;
          expect(software.software).toBe(software.software.toLowerCase());
          expect(software.software.length).toBeGreaterThan(0);
          expect(software.software.length).toBeLessThanOrEqual(100);
          expect(typeof software.version).toBe('string');
          expect(software.version.length).toBeLessThanOrEqual(100);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads any short name and version as they are, the name in lower case', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 100 }),
        fc.string({ maxLength: 100 }),
        (name, version) => {
          expect(softwareOf({ software: { name, version } })).toEqual({
            software: name.toLowerCase(),
            version,
          });
        },
      ),
    );
  });
});
