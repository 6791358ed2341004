import { useCallback, useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { readExtensionState, watchExtensionState } from '@/utils/settings/state';
import { send, type ExtensionState } from '@/utils/settings/protocol';

// Started when the page's script loads, so storage is read while Preact sets up the first render.
const firstRead: Promise<ExtensionState> = readExtensionState();

/** Settings and account for extension pages, kept current as the background changes them. */
export function useExtensionState(): [ExtensionState | null, () => Promise<void>] {
  const [state, setState] = useState<ExtensionState | null>(null);
  const reload = useCallback(async () => setState(await readExtensionState()), []);
  // Not useEffect: that waits for the next frame, and the popup would show its placeholder a frame longer.
  useLayoutEffect(() => void firstRead.then(setState), []);
  useEffect(() => {
    const stop = watchExtensionState(() => void reload());
    // Ask the server whether the token still works; a 401 shows up here through the storage watch.
    // A background that does not answer leaves what is shown as it is.
    send('refreshAccount', {}).catch(() => undefined);
    return stop;
  }, [reload]);
  return [state, reload];
}
