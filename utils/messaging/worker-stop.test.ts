import { describe, expect, it } from 'vitest';
import { ignoreWorkerStopRejections, isWorkerStopRejection } from './worker-stop';

/** An unhandledrejection event as a worker receives it (Node has no PromiseRejectionEvent). */
function rejection(reason: unknown): Event {
  const event = new Event('unhandledrejection', { cancelable: true });
  Object.defineProperty(event, 'reason', { value: reason });
  return event;
}

describe('ignoreWorkerStopRejections', () => {
  it('keeps Chromium’s "No SW" rejection off the error list', () => {
    const scope = new EventTarget();
    ignoreWorkerStopRejections(scope);
    const event = rejection(new Error('No SW'));
    scope.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
  });

  it.each<[string, unknown]>([
    ['another error', new Error('Could not establish connection. Receiving end does not exist.')],
    ['a message that only contains it', new Error('No SW registration')],
    ['a string, not an Error', 'No SW'],
    ['nothing', undefined],
  ])('lets %s through as it is', (_, reason) => {
    const scope = new EventTarget();
    ignoreWorkerStopRejections(scope);
    const event = rejection(reason);
    scope.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
    expect(isWorkerStopRejection(reason)).toBe(false);
  });
});
