/**
 * normaliseHost is the one gate every host passes, typed or named by a server (docs/security-inputs.md). These
 * properties hold it to that: it never throws, what it lets through is a lower-case ASCII DNS name and maps to
 * itself, and each way of smuggling something else in (userinfo, ports, paths, IP forms, white space) is refused
 * whatever the domain around it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostToUnicode } from './punycode';
import { httpsUrlHost, normaliseHost, parseServerInput } from './server-input';

/** What a stored host looks like: LDH labels, at least two, lower case, no trailing dot, not an IPv4 address. */
function expectStoredHost(host: string): void {
  expect(host).toMatch(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z0-9][a-z0-9-]*[a-z0-9]$/);
  expect(host.length).toBeLessThanOrEqual(253);
  expect(host).not.toMatch(/^[0-9.]+$/);
  expect(normaliseHost(host)).toBe(host);
}

/** fast-check's domains, less those our rule refuses on purpose (a numeric or one-letter last label). */
const domain = fc.domain().filter((name) => normaliseHost(name) !== null);

/** Anything at all, and text made mostly of the characters hosts and URLs care about. */
const junk = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({
    unit: fc.constantFrom(...'aZ0.-_:@/\\?#%[]! \t\n\u0000\u00ad\u3002xn-ü日'.split('')),
    maxLength: 40,
  }),
);

const idnLabel = fc.string({
  unit: fc.constantFrom(...'abcäöüßéñøåçžłرمн日本語'.split('')),
  minLength: 1,
  maxLength: 12,
});

describe('property: normaliseHost', () => {
  it('never throws, and whatever it returns is a stored host', () => {
    fc.assert(
      fc.property(junk, (raw) => {
        const host = normaliseHost(raw);
        if (host !== null) expectStoredHost(host);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts every domain in any letter case, with or without one trailing dot, as its lower-case self', () => {
    fc.assert(
      fc.property(domain, fc.boolean(), fc.boolean(), (name, upper, dot) => {
        const raw = `${upper ? name.toUpperCase() : name}${dot ? '.' : ''}`;
        expect(normaliseHost(raw)).toBe(name.toLowerCase());
      }),
    );
  });

  it('refuses two trailing dots and empty labels', () => {
    fc.assert(
      fc.property(domain, fc.nat(), (name, at) => {
        const dots = [...name.matchAll(/\./g)].map((match) => match.index);
        const i = dots[at % dots.length]!;
        expect(normaliseHost(`${name}..`)).toBeNull();
        expect(normaliseHost(`${name.slice(0, i)}.${name.slice(i)}`)).toBeNull();
        expect(normaliseHost(`.${name}`)).toBeNull();
      }),
    );
  });

  it('stores IDNs as punycode that shows as the name typed', () => {
    fc.assert(
      fc.property(idnLabel, domain, (label, parent) => {
        const host = normaliseHost(`${label}.${parent}`);
        // The URL parser refuses some mixes (a right-to-left label with Latin letters): refused here too.
        fc.pre(host !== null);
        expectStoredHost(host!);
        expect(normaliseHost(hostToUnicode(host!))).toBe(host);
        expect(hostToUnicode(host!)).toBe(`${label}.${parent}`.toLowerCase());
      }),
    );
  });

  it('refuses userinfo', () => {
    fc.assert(
      fc.property(domain, fc.stringMatching(/^[a-z0-9._~-]{0,12}(:[a-z0-9]{0,12})?$/), (name, userinfo) => {
        expect(normaliseHost(`${userinfo}@${name}`)).toBeNull();
        expect(httpsUrlHost(`https://${userinfo}@${name}/`)).toBe(
          userinfo === '' || userinfo === ':' ? name : null,
        );
      }),
    );
  });

  it('refuses any port; in an https URL, only its own 443, which the URL parser drops as the default', () => {
    fc.assert(
      fc.property(domain, fc.integer({ min: 0, max: 99_999 }), (name, port) => {
        expect(normaliseHost(`${name}:${port}`)).toBeNull();
        expect(httpsUrlHost(`https://${name}:${port}/`)).toBe(port === 443 ? name : null);
      }),
    );
  });

  it('refuses path, query, fragment and white space characters anywhere inside', () => {
    fc.assert(
      fc.property(
        domain,
        fc.constantFrom('/', '\\', '?', '#', ' ', '\t', '\n', '\r', '\u00a0', '\u0000', '%2F', '@', ':x'),
        fc.nat(),
        (name, bad, at) => {
          const i = 1 + (at % (name.length - 1));
          expect(normaliseHost(name.slice(0, i) + bad + name.slice(i))).toBeNull();
          expect(normaliseHost(name + bad)).toBeNull();
        },
      ),
    );
  });

  it('refuses every IPv4 form the URL parser reads (dotted, short, one number, hex, octal) and IPv6', () => {
    const ipv4Number = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.ipV4(),
          fc.ipV4Extended(),
          ipv4Number.map(String),
          ipv4Number.map((n) => `0x${n.toString(16)}`),
          ipv4Number.map((n) => `0${n.toString(8)}`),
          fc.ipV6().map((address) => `[${address}]`),
        ),
        fc.boolean(),
        (address, dot) => {
          expect(normaliseHost(`${address}${dot ? '.' : ''}`)).toBeNull();
          expect(httpsUrlHost(`https://${address}/users/me`)).toBeNull();
        },
      ),
    );
  });
});

describe('property: httpsUrlHost', () => {
  it('never throws, and whatever it returns is a stored host', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          junk,
          junk.map((text) => `https://${text}`),
          fc.webUrl(),
        ),
        (href) => {
          const host = httpsUrlHost(href);
          if (host !== null) expectStoredHost(host);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is the host of an https URL with any path, and null under any other scheme', () => {
    fc.assert(
      fc.property(
        domain,
        fc.webPath(),
        fc.constantFrom('http:', 'ftp:', 'ws:', 'wss:', 'javascript:', 'file:'),
        (name, path, scheme) => {
          expect(httpsUrlHost(`https://${name}${path}`)).toBe(name.toLowerCase());
          expect(httpsUrlHost(`${scheme}//${name}${path}`)).toBeNull();
        },
      ),
    );
  });
});

describe('property: parseServerInput', () => {
  it('never throws, and every host or handle domain it accepts passes normaliseHost unchanged', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          junk,
          junk.map((text) => `@${text}@${text}`),
        ),
        (input) => {
          const result = parseServerInput(input);
          if (!result.ok) return;
          expectStoredHost(result.value.kind === 'host' ? result.value.host : result.value.domain);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is idempotent: an accepted host, typed again, gives the same result', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          domain,
          idnLabel.map((label) => `${label}.example`),
        ),
        (typed) => {
          const first = parseServerInput(typed);
          fc.pre(first.ok && first.value.kind === 'host');
          if (!first.ok || first.value.kind !== 'host') return;
          expect(parseServerInput(first.value.host)).toEqual(first);
          expect(parseServerInput(`https://${hostToUnicode(first.value.host)}/`)).toEqual(first);
        },
      ),
    );
  });

  it('reads a handle on any domain, the domain normalised like a typed host', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-zA-Z0-9_]([a-zA-Z0-9_.-]{0,20}[a-zA-Z0-9_])?$/),
        domain,
        fc.boolean(),
        (username, name, at) => {
          expect(parseServerInput(`${at ? '@' : ''}${username}@${name.toUpperCase()}`)).toEqual({
            ok: true,
            value: { kind: 'handle', username: username.toLowerCase(), domain: normaliseHost(name) },
          });
        },
      ),
    );
  });

  it('refuses a handle whose domain has a port, userinfo or an IP address', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9_]{1,12}$/),
        fc.oneof(
          domain.map((name) => `${name}:8443`),
          domain.map((name) => `x@${name}`),
          fc.ipV4(),
          fc.ipV6().map((address) => `[${address}]`),
        ),
        (username, badDomain) => {
          expect(parseServerInput(`@${username}@${badDomain}`).ok).toBe(false);
        },
      ),
    );
  });
});
