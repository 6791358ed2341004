import type { Tab } from './session';
import { waitUntil } from './wait';

/**
 * Waits until the People page shows its counts (or, with `rows`, its first account's row too) with no account still
 * being checked, as a person sees them settle.
 */
export async function waitForChecks(people: Tab, timeoutMs = 60_000, { rows = false } = {}): Promise<void> {
  const shown = rows ? '[role="table"] [role="row"][aria-rowindex="2"]' : 'dl dt';
  await waitUntil(
    'every account checked',
    async () =>
      (await people.evaluateSource<boolean>(
        `document.querySelector(${JSON.stringify(shown)}) !== null && ` +
          `document.querySelector('[role="progressbar"][aria-label="Checking"]') === null`,
      ))
        ? true
        : undefined,
    timeoutMs,
  );
}
