import { setTimeout as delay } from 'node:timers/promises';

export const DEFAULT_WAIT_MS = 10_000;
const POLL_MS = 50;

/**
 * Polls `check` until it returns a value other than undefined, or throws after `timeoutMs` with `what` and the
 * last error the check raised. Waiting on a condition, not on time: the poll interval only bounds latency. A check
 * that itself takes the whole wait (a driver command that hung until its own timeout: Firefox once left one unanswered
 * for 9 s in CI while the tab was in the background) is given one more try, so one hung command is not the verdict.
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (let tries = 1; ; tries++) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      // Pages navigate and execution contexts go away between polls; the next poll sees the new document.
      lastError = error;
    }
    if (Date.now() > deadline && tries >= 2) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await delay(POLL_MS);
  }
}

/**
 * `work`, or an error once `ms` have passed, for driver calls and actions that have no deadline of their own (a
 * Playwright `evaluate`, a BiDi call, a soak action). `what` names it in the error; a function is read when the time
 * is up, so it can say where the work had got to. The work itself is not stopped.
 */
export async function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  what: string | (() => string),
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${typeof what === 'string' ? what : what()} took over ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
