import { selfLinkOf } from './webfinger';

/**
 * FEP-3b86 "Activity Intents" and the OStatus subscribe link: where on a home server each action happens, as its
 * own WebFinger answer says (docs/intents.md). Pure: reading an answer, expanding a template, choosing one.
 */

/** The intents Homeward uses, by FEP-3b86 activity type. */
export const INTENT_TYPES = ['Follow', 'Object', 'Create'] as const;
export type IntentType = (typeof INTENT_TYPES)[number];

const FEP_REL = 'https://w3id.org/fep/3b86/';
const SUBSCRIBE_REL = 'http://ostatus.org/schema/1.0/subscribe';
const PROFILE_PAGE_REL = 'http://webfinger.net/rel/profile-page';
/** Longer than any page address Homeward would make from it: an answer that is not a template. */
const MAX_TEMPLATE_LENGTH = 2000;

export interface HomeIntents {
  /** The first template the answer gives for each type. */
  intents: Partial<Record<IntentType, string>>;
  /** The OStatus remote-follow template (`{uri}`), which older servers publish instead. */
  subscribe?: string;
  /**
   * The hosts the answer names for its own account (its `self` and profile page): a template may lead there too
   * when it is under the server's web host (intentPage).
   */
  ownHosts: string[];
}

function linksOf(jrd: unknown): Record<string, unknown>[] {
  if (typeof jrd !== 'object' || jrd === null) return [];
  const links = (jrd as { links?: unknown }).links;
  return Array.isArray(links)
    ? links.filter((link): link is Record<string, unknown> => typeof link === 'object' && link !== null)
    : [];
}

function hostOf(address: unknown): string | null {
  if (typeof address !== 'string' || !URL.canParse(address)) return null;
  const url = new URL(address);
  return url.protocol === 'https:' ? url.hostname : null;
}

/**
 * What a WebFinger answer (the parsed JSON) publishes. A link's template is its `template`, or its `href` as the
 * FEP's first text had it; a rel is matched without regard to case (WordPress and NodeBB publish lower case).
 */
export function parseIntents(jrd: unknown): HomeIntents {
  const found: HomeIntents = { intents: {}, ownHosts: [] };
  const hosts = new Set<string>();
  const self = hostOf(selfLinkOf(jrd));
  if (self) hosts.add(self);
  for (const link of linksOf(jrd)) {
    if (typeof link.rel !== 'string') continue;
    const rel = link.rel.trim();
    if (rel === PROFILE_PAGE_REL) {
      const host = hostOf(link.href);
      if (host) hosts.add(host);
      continue;
    }
    const template = typeof link.template === 'string' ? link.template : link.href;
    if (typeof template !== 'string' || template.length > MAX_TEMPLATE_LENGTH) continue;
    if (rel === SUBSCRIBE_REL) {
      found.subscribe ??= template;
      continue;
    }
    if (rel.slice(0, FEP_REL.length).toLowerCase() !== FEP_REL) continue;
    const name = rel.slice(FEP_REL.length).toLowerCase();
    const type = INTENT_TYPES.find((candidate) => candidate.toLowerCase() === name);
    if (type) found.intents[type] ??= template;
  }
  found.ownHosts = [...hosts];
  return found;
}

/** RFC 6570's unreserved characters are the only ones simple expansion leaves as they are. */
function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Expands a URI template as FEP-3b86 asks (RFC 6570 simple string expansion): every value percent-encoded, every
 * expression naming nothing Homeward knows replaced by an empty string. Expressions with an operator (`{+x}`,
 * `{?x}`: levels 2 to 4) are not part of the FEP and count as unknown; a prefix modifier (`{x:3}`) is honoured, and
 * a list (`{x,y}`) joins its known values with commas. Variable names are taken as written, so the FEP's own
 * `{on-success}` (not a valid RFC 6570 name) is just one more unknown name.
 */
export function expandTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^{}]*)\}/g, (_, expression: string) => {
    if (/^[+#./;?&=,!@|]/.test(expression)) return '';
    const parts: string[] = [];
    for (const spec of expression.split(',')) {
      const match = /^([^:*]+)(?::(\d{1,4})|\*)?$/.exec(spec.trim());
      if (!match) continue;
      const name = match[1]!;
      if (!Object.hasOwn(values, name)) continue;
      const value = values[name]!;
      const prefix = match[2] === undefined ? undefined : Number(match[2]);
      parts.push(encodeValue(prefix === undefined ? value : [...value].slice(0, prefix).join('')));
    }
    return parts.join(',');
  });
}

/**
 * The expanded address if it may be opened: https, no credentials, on one of `hosts` (the home server's own, and
 * the ones its answer names for itself). A home server's answer must not be able to send the person elsewhere.
 */
export function allowedIntentUrl(address: string, hosts: readonly string[]): string | null {
  if (!URL.canParse(address)) return null;
  const url = new URL(address);
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return null;
  return hosts.includes(url.hostname) ? url.href : null;
}

/** What the person is doing, and which intent says where. */
export type IntentUse =
  /** A profile (its address or `user@domain`): to follow it. */
  | { kind: 'account'; uri: string }
  /** A post, or any other object, by its address. */
  | { kind: 'object'; uri: string }
  /** A new post: its text. */
  | { kind: 'create'; content: string };

/**
 * Where the home server's own answer says to do it, in FEP-3b86's and WordPress's order: the verb's own intent
 * (Follow for a profile, Object for a post), then the OStatus subscribe link, then the generic Object intent. The
 * first candidate that expands to an address on one of `hosts` (the server's web host and handle domain) is taken;
 * none: null, and the caller falls back on what it knows of the software.
 */
export function intentPage(intents: HomeIntents, use: IntentUse, hosts: readonly string[]): string | null {
  // The answer's own hosts count only under the server's web host (`hosts[0]`): the handle domain is the server's
  // claim, and a claim of a shared domain must not open its other sites.
  const web = hosts[0];
  const allowed = [
    ...hosts,
    ...intents.ownHosts.filter((own) => web !== undefined && own.endsWith(`.${web}`)),
  ];
  const candidates: [string | undefined, Record<string, string>][] =
    use.kind === 'create'
      ? [[intents.intents.Create, { content: use.content }]]
      : [
          [intents.intents[use.kind === 'account' ? 'Follow' : 'Object'], { object: use.uri }],
          [intents.subscribe, { uri: use.uri }],
          [intents.intents.Object, { object: use.uri }],
        ];
  for (const [template, values] of candidates) {
    if (template === undefined) continue;
    const page = allowedIntentUrl(expandTemplate(template, values), allowed);
    if (page) return page;
  }
  return null;
}
