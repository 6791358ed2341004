import { browser } from 'wxt/browser';
import { isFollowMessage, type FollowMessage, type FollowState } from '../follow-protocol';
import { followHandlers } from './follow';
import { openPageHandlers } from './open-navigation';
import { isPeopleMessage } from '../people-protocol';
import { peopleFound } from './people';

/**
 * Answers the follow buttons' content scripts, and only their `follow:*` messages: the pages' own router
 * (router.ts) ignores every sender that is not an extension page, and this one every message it does not know,
 * so both listeners coexist. Content scripts run in the web page's process: they never get secrets back, and a
 * failure reaches them as a state, never as a rejected promise.
 */
export function listenToContentScripts(): void {
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const tab = sender.tab;
    if (tab && sender.id === browser.runtime.id && isOpenPageMessage(message)) {
      const handler = openPageHandlers[message.type] as (
        payload: unknown,
        from: typeof tab,
      ) => Promise<unknown>;
      return handler(message.payload, tab).catch((error: unknown) => {
        console.warn('Homeward: a page report failed', message.type, error);
        return message.type === 'open:page' ? { redirect: null } : { ok: true };
      });
    }
    const fromOwnContentScript = sender.tab !== undefined && sender.id === browser.runtime.id;
    if (fromOwnContentScript && isPeopleMessage(message) && message.type === 'people:found') {
      return peopleFound(message.payload, sender.tab).catch((error: unknown) => {
        console.warn('Homeward: a scanned list could not be stored', error);
        return { error: 'Homeward ran into a problem. Try again.' };
      });
    }
    if (!fromOwnContentScript || !isFollowMessage(message) || !(message.type in followHandlers))
      return undefined;
    return answer(message);
  });
}

async function answer(message: FollowMessage): Promise<unknown> {
  const handler = followHandlers[message.type] as (payload: unknown) => Promise<unknown>;
  try {
    return await handler(message.payload);
  } catch (error) {
    console.warn('Homeward: a follow request failed', message.type, error);
    const failed: FollowState = { kind: 'failed', reason: 'Homeward ran into a problem. Try again.' };
    return message.type.startsWith('follow:open-') ? { ok: true } : failed;
  }
}

function isOpenPageMessage(
  value: unknown,
): value is { type: keyof typeof openPageHandlers; payload: unknown } {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && Object.hasOwn(openPageHandlers, type);
}
