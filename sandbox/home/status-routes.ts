/**
 * `POST /api/v1/statuses`, for what Homeward posts: a direct message (a bridge request to Bridgy Fed's bot,
 * docs/fediverse-software.md "Asking to bridge"). From Mastodon's Api::V1::StatusesController,
 * PostStatusService and ProcessMentionsService (docs/home-server.md §6):
 * - the token needs `write:statuses` (or `write`), else 403 like every scoped endpoint;
 * - `status` blank → 422 "Validation failed: Text can't be blank"; over 500 characters (a remote mention counts
 *   as its `@username` only) → 422 "Validation failed: Text character limit of 500 exceeded";
 * - `visibility` one of public, unlisted, private, direct (anything else 422);
 * - `Idempotency-Key`: the same key from the same account within an hour answers the status it made, and posts
 *   nothing more (kept only once a post succeeded);
 * - `@user@domain` mentions are resolved (WebFinger and the actor, over HTTPS) and linked; one that does not
 *   resolve stays plain text and reaches no one, with no error;
 * - the post is delivered, after the answer (Sidekiq), as a signed `Create` to each mentioned remote account's
 *   inbox; a direct message is addressed to them alone.
 */
import { randomBytes } from 'node:crypto';
import type { SbResponse } from '../types';
import { json, stringParam } from './http';
import { escapeHtml } from '../remote/http';
import { newId } from './ids';
import type { Account, Status } from './model';
import type { Call, Server } from './context';

const MAX_CHARACTERS = 500;
const IDEMPOTENCY_MS = 60 * 60 * 1000;
const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'] as const;
type Visibility = (typeof VISIBILITIES)[number];
/** Mastodon's Account::MENTION_RE, reduced to what a client writes: `@user` or `@user@domain`. */
const MENTION = /(?<=^|[^/\w])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)(?:@([\w.-]+\w))?/gi;
const AS_PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

export interface Delivery {
  inbox: string;
  status: number | null;
  activity: Record<string, unknown>;
}

export function statusRoutes(s: Server) {
  const { ctx, store, auth, resolver, localDomain, webDomain } = s;
  const { requireToken, requireUser } = auth;
  const idempotency = new Map<string, { statusId: string; at: number }>();
  let deliveries: Promise<Delivery>[] = [];

  async function createStatus(call: Call): Promise<SbResponse> {
    const denied = requireToken(call, store.state.software.scopes.endpoints.statuses);
    if (denied) return denied;
    const user = requireUser(call);
    if (!('id' in user)) return user;
    const key = call.req.headers['idempotency-key'];
    const remembered = key ? idempotency.get(`${user.id} ${key}`) : undefined;
    if (remembered && ctx.now() - remembered.at < IDEMPOTENCY_MS) {
      const status = store.state.statuses.get(remembered.statusId);
      if (status) return json(200, store.statusJson(status));
    }
    const text = stringParam(call.params, 'status') ?? '';
    const visibility = (stringParam(call.params, 'visibility') ?? 'public') as Visibility;
    if (!VISIBILITIES.includes(visibility))
      return json(422, { error: `Validation failed: Visibility is not included in the list` });
    if (text.trim() === '') return json(422, { error: "Validation failed: Text can't be blank" });
    const counted = text.replace(MENTION, (_, username: string) => `@${username}`);
    if ([...counted].length > MAX_CHARACTERS)
      return json(422, { error: `Validation failed: Text character limit of ${MAX_CHARACTERS} exceeded` });

    const mentioned: Account[] = [];
    const found = new Map<string, Account>();
    for (const match of text.matchAll(MENTION)) {
      const [whole, username = '', domain] = match;
      if (found.has(whole)) continue;
      const account = await resolver.resolveAcct(username, domain ?? localDomain).catch(() => null);
      if (account) {
        found.set(whole, account);
        if (!mentioned.includes(account)) mentioned.push(account);
      }
    }
    const content = `<p>${escapeHtml(text).replace(MENTION, (whole: string, username: string) => {
      const account = found.get(whole);
      return account
        ? `<span class="h-card" translate="no"><a href="${escapeHtml(account.url)}" class="u-url mention">@<span>${escapeHtml(username)}</span></a></span>`
        : whole;
    })}</p>`;
    const now = ctx.now();
    const id = newId(store.state.software, now);
    const base = `https://${webDomain}`;
    const status: Status = {
      id,
      accountId: user.id,
      uri: `${base}/users/${user.username}/statuses/${id}`,
      url: `${base}/@${user.username}/${id}`,
      content,
      createdAt: now,
      sensitive: false,
      spoilerText: '',
      language: 'en',
      visibility,
      mentions: mentioned.map((account) => ({
        id: account.id,
        username: account.username,
        url: account.url,
        acct: account.domain ? `${account.username}@${account.domain}` : account.username,
      })),
    };
    store.state.statuses.set(id, status);
    if (key) idempotency.set(`${user.id} ${key}`, { statusId: id, at: now });
    deliveries.push(...deliver(user, status, mentioned));
    return json(200, store.statusJson(status));
  }

  /** ActivityPub::DeliveryWorker, one per remote inbox; only mentions for a direct message. */
  function deliver(author: Account, status: Status, mentioned: Account[]): Promise<Delivery>[] {
    const remote = mentioned.filter((account) => account.domain !== null && account.inbox);
    const to = status.visibility === 'direct' ? remote.map((a) => a.uri) : [AS_PUBLIC];
    const note = {
      id: status.uri,
      type: 'Note',
      attributedTo: author.uri,
      to,
      cc: status.visibility === 'direct' ? [] : [`${author.uri}/followers`],
      content: status.content,
      published: new Date(status.createdAt).toISOString(),
      tag: remote.map((a) => ({ type: 'Mention', href: a.uri, name: `@${a.username}@${a.domain}` })),
    };
    const activity = {
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `${status.uri}/activity`,
      type: 'Create',
      actor: author.uri,
      to: note.to,
      cc: note.cc,
      object: note,
    };
    const inboxes = [...new Set(remote.map((a) => a.inbox!))];
    return inboxes.map(async (inbox) => {
      const body = JSON.stringify(activity);
      try {
        const answer = await ctx.serverFetch(webDomain, inbox, {
          method: 'POST',
          headers: {
            'content-type': 'application/activity+json',
            date: new Date(ctx.now()).toUTCString(),
            // Plausible in shape only, like the sandbox's signed GETs (sandbox/home/federation.ts).
            signature: `keyId="${author.uri}#main-key",algorithm="rsa-sha256",headers="(request-target) host date digest content-type",signature="${randomBytes(256).toString('base64')}"`,
          },
          body,
        });
        return { inbox, status: answer.status, activity };
      } catch {
        return { inbox, status: null, activity };
      }
    });
  }

  /**
   * `DELETE /api/v1/statuses/:id`: the author's own post, with `write:statuses`; 404 for anyone else's or none
   * (Api::V1::StatusesController#destroy answers the post it removed).
   */
  function deleteStatus(call: Call, id: string): SbResponse {
    const denied = requireToken(call, store.state.software.scopes.endpoints.statuses);
    if (denied) return denied;
    const user = requireUser(call);
    if (!('id' in user)) return user;
    const status = store.state.statuses.get(id);
    if (!status || status.accountId !== user.id) return json(404, { error: 'Record not found' });
    store.state.statuses.delete(id);
    return json(200, store.statusJson(status));
  }

  return {
    createStatus,
    deleteStatus,
    /** What the deliveries answered, once they all did (the admin API's `deliveries`). */
    async deliveries(): Promise<Delivery[]> {
      return Promise.all(deliveries);
    },
    reset() {
      idempotency.clear();
      deliveries = [];
    },
  };
}
