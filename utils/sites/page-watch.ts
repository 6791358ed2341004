/**
 * What one feature of the Threads and Instagram content script does as the page changes. The sites are single-page
 * apps: every client-side navigation, and the page's parsing from document_start on, comes as DOM changes.
 */
export interface PageWatcher {
  /** What the feature places, for the console's one warning: "the follow button". */
  readonly name: string;
  /** Attributes whose changes it needs besides added and removed nodes. */
  readonly attributes?: readonly string[];
  /** Each batch of DOM changes, with its records; at the start and on popstate, without. */
  evaluate(records?: readonly MutationRecord[]): void;
  /** Takes down what it placed, once, when the watch ends. */
  stop(): void;
}

/**
 * One MutationObserver and one popstate listener for all the features on a page, until `signal` aborts. No polling
 * timers. A feature that throws on markup nobody foresaw stays out of the way of the page and of the others, and
 * says so once in the console.
 */
export function watchPage(signal: AbortSignal, watchers: readonly PageWatcher[]): void {
  const warned = new Set<PageWatcher>();
  const evaluate = (records?: readonly MutationRecord[]) => {
    if (signal.aborted) return;
    for (const watcher of watchers) {
      try {
        watcher.evaluate(records);
      } catch (error) {
        if (!warned.has(watcher)) console.warn(`Homeward: ${watcher.name} could not be placed`, error);
        warned.add(watcher);
      }
    }
  };

  const attributeFilter = [...new Set(watchers.flatMap((watcher) => watcher.attributes ?? []))];
  const observer = new MutationObserver((records) => evaluate(records));
  observer.observe(document, {
    childList: true,
    subtree: true,
    ...(attributeFilter.length > 0 ? { attributes: true, attributeFilter } : {}),
  });
  const onPopState = () => evaluate();
  window.addEventListener('popstate', onPopState);
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      window.removeEventListener('popstate', onPopState);
      for (const watcher of watchers) watcher.stop();
    },
    { once: true },
  );
  evaluate();
}
