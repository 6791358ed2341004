/** Remote resolution as ResolveAccountService / ResolveURLService do it (docs/home-server.md §4, §6). */
import { noteFromJson, objectKind, type RemoteActor } from './federation';
import { newId } from './ids';
import type { Account, Status } from './model';
import { idPattern } from './software';
import type { Core, Resolved } from './context';

export type Resolver = ReturnType<typeof createResolver>;

export function createResolver(s: Core) {
  const { ctx, base, federation, store } = s;
  const { findLocal, findByAcct, isLocalDomain, isSuspended } = store;

  function upsertActor(actor: RemoteActor): Account {
    const existing = [...store.state.accounts.values()].find((a) => a.uri === actor.uri);
    const account: Account = {
      id:
        existing?.id ??
        newId(store.state.software, actor.published ? Date.parse(actor.published) || ctx.now() : ctx.now()),
      username: actor.username,
      domain: actor.domain.toLowerCase(),
      displayName: actor.displayName,
      note: actor.note,
      uri: actor.uri,
      url: actor.url,
      avatar: actor.avatar ?? `${base}/avatars/original/missing.png`,
      header: actor.header ?? `${base}/headers/original/missing.png`,
      locked: actor.locked,
      bot: actor.bot,
      group: actor.group,
      createdAt:
        existing?.createdAt ?? (actor.published ? Date.parse(actor.published) || ctx.now() : ctx.now()),
      followersCount: existing?.followersCount ?? 0,
      followingCount: existing?.followingCount ?? 0,
      inbox: actor.inbox,
    };
    store.state.accounts.set(account.id, account);
    return account;
  }

  async function resolveAcct(username: string, domain: string): Promise<Account | null> {
    if (isLocalDomain(domain)) return findLocal(username) ?? null;
    if (isSuspended(domain)) return null;
    const known = findByAcct(username, domain);
    if (known) return known;
    const actor = await federation.resolveAccount(username, domain).catch(() => null);
    if (!actor || isSuspended(actor.domain)) return null;
    return upsertActor(actor);
  }

  async function accountForUri(uri: string): Promise<Account | null> {
    const known = [...store.state.accounts.values()].find((a) => a.uri === uri);
    if (known) return known;
    const actor = await federation.fetchActor(uri).catch(() => null);
    if (!actor || isSuspended(actor.domain) || isSuspended(new URL(actor.uri).hostname)) return null;
    return upsertActor(actor);
  }

  function resolveLocalUrl(url: URL): Resolved {
    const path = url.pathname.replace(/\/$/, '');
    let match = /^\/(?:@|users\/)([\w.-]+)$/.exec(path);
    if (match?.[1]) {
      const account = findLocal(match[1]);
      return account ? { account } : null;
    }
    match = new RegExp(
      `^/(?:@([\\w.-]+)|users/([\\w.-]+)/statuses)/(${idPattern(store.state.software)})$`,
    ).exec(path);
    if (match?.[3]) {
      const status = store.state.statuses.get(match[3]);
      const author = status && store.state.accounts.get(status.accountId);
      return status &&
        author?.domain === null &&
        status.visibility !== 'private' &&
        status.visibility !== 'direct'
        ? { status }
        : null;
    }
    return null;
  }

  const PUBLIC = ['https://www.w3.org/ns/activitystreams#Public', 'as:Public', 'Public'];
  function visibilityOf(object: Record<string, unknown>): Status['visibility'] {
    const list = (value: unknown): string[] =>
      Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];
    const to = list(object.to);
    const cc = list(object.cc);
    // An object without any addressing is read as public: sandbox peers may leave `to`/`cc` out of simple notes.
    if (to.length === 0 && cc.length === 0) return 'public';
    if (to.some((t) => PUBLIC.includes(t))) return 'public';
    if (cc.some((t) => PUBLIC.includes(t))) return 'unlisted';
    return 'private';
  }

  function knownByUrl(url: string): Resolved {
    const status = [...store.state.statuses.values()].find((s) => s.uri === url || s.url === url);
    if (status) return { status };
    const account = [...store.state.accounts.values()].find((a) => a.uri === url || a.url === url);
    return account ? { account } : null;
  }

  /** ResolveURLService: local URLs by route, remote ones fetched as ActivityPub, the DB as a fallback. */
  async function resolveUrl(text: string): Promise<Resolved> {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return null;
    }
    if (isLocalDomain(url.hostname)) return resolveLocalUrl(url);
    if (isSuspended(url.hostname)) return null;
    const object = await federation.fetchObject(url.href).catch(() => null);
    if (!object) {
      const known = knownByUrl(url.href);
      return known &&
        'status' in known &&
        (known.status.visibility === 'private' || known.status.visibility === 'direct')
        ? null
        : known;
    }
    const kind = objectKind(object);
    if (kind === 'actor') {
      const actor = await federation.actorFromJson(object).catch(() => null);
      if (!actor || isSuspended(actor.domain)) return null;
      return { account: upsertActor(actor) };
    }
    if (kind === 'note') {
      const note = noteFromJson(object);
      if (!note || isSuspended(new URL(note.uri).hostname)) return null;
      const visibility = visibilityOf(object);
      const author = await accountForUri(note.attributedTo);
      if (!author) return null;
      const existing = [...store.state.statuses.values()].find((s) => s.uri === note.uri);
      const createdAt = (note.published && Date.parse(note.published)) || ctx.now();
      const status: Status = {
        id: existing?.id ?? newId(store.state.software, createdAt),
        accountId: author.id,
        uri: note.uri,
        url: note.url,
        content: note.content,
        createdAt,
        sensitive: note.sensitive,
        spoilerText: note.summary,
        language: note.language,
        visibility,
      };
      store.state.statuses.set(status.id, status);
      // StatusPolicy#show?: the user follows nobody who could reveal a followers-only or direct post.
      return visibility === 'private' || visibility === 'direct' ? null : { status };
    }
    return null;
  }

  /** `user@domain`, `@user@domain` or `acct:user@domain` → [username, domain]. */
  function splitAcct(text: string): [string, string | null] | null {
    const match = /^@?([\w.-]+)(?:@([\w.-]+\.[\w-]+|localhost))?$/.exec(text.trim().replace(/^acct:/, ''));
    return match?.[1] ? [match[1], match[2] ?? null] : null;
  }

  return { resolveAcct, resolveUrl, splitAcct };
}
