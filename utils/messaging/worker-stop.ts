/**
 * Chromium answers an extension API call still in flight when it stops the service worker with a rejection whose
 * message is exactly "No SW": the worker's process is going away (docs/architecture.md, "When the background stops
 * mid-answer"). Whatever that call was for starts again with the next event, so that rejection is no error of
 * Homeward's; every other rejection shows on the extension's error list as it is.
 */
export function isWorkerStopRejection(reason: unknown): boolean {
  return reason instanceof Error && reason.message === 'No SW';
}

/** Keeps the worker-stop rejection, and only it, off the error list of the worker `scope`. */
export function ignoreWorkerStopRejections(scope: Pick<EventTarget, 'addEventListener'> | undefined): void {
  scope?.addEventListener('unhandledrejection', (event) => {
    if (isWorkerStopRejection((event as PromiseRejectionEvent).reason)) event.preventDefault();
  });
}
