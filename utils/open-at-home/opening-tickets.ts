import { storage } from 'wxt/utils/storage';
import type { OpenTarget } from './protocol';

/**
 * What the Opening page may act on (docs/security.md, "The Opening page"). Its address is reachable by every web
 * site (the browser's redirect must reach it), so nothing in it is trusted: what to open on request, and which
 * ActivityPub id to resolve, reach the page only as a ticket the background issued, one per opening, bound to the
 * tab that shows it. A ticket is a random name for a target kept here, in session storage (gone with the browser
 * session; content scripts cannot read it).
 */

/** Long enough to open a page, retry it and reconnect meanwhile; short enough not to pile up. */
export const TICKET_TTL_MS = 10 * 60 * 1000;
const MAX_TICKETS = 200;

interface Ticket {
  target: OpenTarget;
  /** The tab the opening was made for; unknown for a link opened in a new tab, bound by its first use. */
  tabId: number | null;
  expires: number;
}

const ticketsItem = storage.defineItem<Record<string, Ticket>>('session:openingTickets', { fallback: {} });

let writes: Promise<unknown> = Promise.resolve();

function serialised<T>(run: () => Promise<T>): Promise<T> {
  const next = writes.then(run, run);
  writes = next.catch(() => undefined);
  return next;
}

function fresh(tickets: Record<string, Ticket>, now: number): [string, Ticket][] {
  return Object.entries(tickets).filter(([, ticket]) => ticket.expires > now);
}

/** A new ticket for `target`, for `tabId` when the opening happens in a known tab. */
export function issueTicket(target: OpenTarget, tabId: number | null): Promise<string> {
  return serialised(async () => {
    const now = Date.now();
    const name = crypto.randomUUID();
    const kept = fresh(await ticketsItem.getValue(), now).slice(-(MAX_TICKETS - 1));
    await ticketsItem.setValue(
      Object.fromEntries([...kept, [name, { target, tabId, expires: now + TICKET_TTL_MS }]]),
    );
    return name;
  });
}

/**
 * The target of ticket `name`, if it exists, has not expired, was made for `url`, and belongs to `tabId` (a ticket
 * made for no particular tab is bound to the first tab that shows it). Null otherwise: the page then gets what any
 * address without a ticket gets.
 */
export function redeemTicket(name: unknown, url: string, tabId: number): Promise<OpenTarget | null> {
  if (typeof name !== 'string' || !/^[0-9a-f-]{36}$/.test(name)) return Promise.resolve(null);
  return serialised(async () => {
    const tickets = await ticketsItem.getValue();
    const ticket = tickets[name];
    if (!ticket || ticket.expires <= Date.now() || ticket.target.url !== url) return null;
    if (ticket.tabId !== null && ticket.tabId !== tabId) return null;
    if (ticket.tabId === null) await ticketsItem.setValue({ ...tickets, [name]: { ...ticket, tabId } });
    return ticket.target;
  });
}
