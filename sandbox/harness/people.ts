import type { Tab } from './session';
import { waitUntil } from './wait';

/** Waits until the People page shows its counts with no account still being checked, as a person sees them settle. */
export async function waitForChecks(people: Tab, timeoutMs = 60_000): Promise<void> {
  await waitUntil(
    'every account checked',
    async () =>
      (await people.evaluate(
        () =>
          document.querySelector('dl dt') !== null &&
          document.querySelector('[role="progressbar"][aria-label="Checking"]') === null,
      ))
        ? true
        : undefined,
    timeoutMs,
  );
}
