import { browser } from 'wxt/browser';
import { isFollowMessage, type FollowMessage, type FollowState } from '../follow-protocol';
import { followHandlers } from './follow';

/**
 * Answers the follow buttons' content scripts, and only their `follow:*` messages: the pages' own router
 * (router.ts) ignores every sender that is not an extension page, and this one every message it does not know,
 * so both listeners coexist. Content scripts run in the web page's process: they never get secrets back, and a
 * failure reaches them as a state, never as a rejected promise.
 */
export function listenToContentScripts(): void {
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const fromOwnContentScript = sender.tab !== undefined && sender.id === browser.runtime.id;
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
