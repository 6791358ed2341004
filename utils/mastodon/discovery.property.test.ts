/**
 * The WebFinger answer that says where a handle's server lives comes from whatever domain the handle names: any
 * JSON must give a host that passes normaliseHost, or null (then the handle's own domain is used).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseHost } from '../fediverse/server-input';
import { webDomainOf } from './discovery';

const PROFILE_PAGE = 'http://webfinger.net/rel/profile-page';

const hostish = fc.oneof(
  fc.domain(),
  fc.ipV4(),
  fc.ipV6().map((address) => `[${address}]`),
  fc.constantFrom(
    'localhost',
    'Bücher.example',
    'Not A Domain',
    'a.example:8443',
    'me:pw@a.example',
    'a.example.',
  ),
);
const href = fc.oneof(
  fc
    .tuple(fc.constantFrom('https://', 'http://', 'HTTPS://', 'javascript:', ''), hostish, fc.webPath())
    .map(([scheme, host, path]) => `${scheme}${host}${path}`),
  fc.webUrl(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue(),
);
const link = fc.record(
  { rel: fc.oneof(fc.constantFrom('self', PROFILE_PAGE, 'alternate'), fc.jsonValue()), href },
  { requiredKeys: [] },
);
const jrd = fc.oneof(
  fc.record({ links: fc.oneof(fc.array(fc.oneof(link, fc.jsonValue()), { maxLength: 5 }), fc.jsonValue()) }),
  fc.anything(),
);

describe('property: webDomainOf', () => {
  it('never throws, and a host it returns passes normaliseHost unchanged', () => {
    fc.assert(
      fc.property(jrd, (body) => {
        const host = webDomainOf(body);
        if (host !== null) {
          expect(normaliseHost(host)).toBe(host);
          expect(host).toMatch(/^[a-z0-9.-]+$/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is the self link’s host when that is a valid https host, whatever else the answer holds', () => {
    fc.assert(
      fc.property(fc.domain(), fc.webPath(), fc.array(link, { maxLength: 4 }), (domain, path, others) => {
        const host = normaliseHost(domain);
        fc.pre(host !== null);
        const links = [
          ...others.filter((other) => other.rel !== 'self'),
          { rel: 'self', href: `https://${domain}${path}` },
        ];
        expect(webDomainOf({ links })).toBe(host);
      }),
    );
  });

  it('never takes an IP address, a port or userinfo, in the self link or the profile page', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.ipV4(),
          fc.ipV6().map((address) => `[${address}]`),
          fc.domain().map((domain) => `${domain}:8443`),
          fc.domain().map((domain) => `me:pw@${domain}`),
        ),
        fc.constantFrom('self', PROFILE_PAGE),
        (authority, rel) => {
          expect(webDomainOf({ links: [{ rel, href: `https://${authority}/users/me` }] })).toBeNull();
        },
      ),
    );
  });
});
