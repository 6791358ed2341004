import { useCallback, useEffect, useState } from 'preact/hooks';
import { send, type ExtensionState } from '@/utils/messages';

/** The background's view of settings and account, for extension pages. */
export function useExtensionState(): [ExtensionState | null, (next: ExtensionState) => void, () => Promise<void>] {
  const [state, setState] = useState<ExtensionState | null>(null);
  const reload = useCallback(async () => setState(await send('getState', {})), []);
  useEffect(() => {
    let live = true;
    // Render at once from storage, then again once the server has confirmed the account is still valid.
    void send('getState', {}).then((s) => live && setState(s));
    void send('getState', { refresh: true }).then((s) => live && setState(s));
    return () => {
      live = false;
    };
  }, []);
  return [state, setState, reload];
}
