import { setTimeout as delay } from 'node:timers/promises';

export const DEFAULT_WAIT_MS = 10_000;
const POLL_MS = 50;

/**
 * Polls `check` until it returns a value other than undefined, or throws after `timeoutMs` with `what` and the
 * last error the check raised. Waiting on a condition, not on time: the poll interval only bounds latency.
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      // Pages navigate and execution contexts go away between polls; the next poll sees the new document.
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await delay(POLL_MS);
  }
}
