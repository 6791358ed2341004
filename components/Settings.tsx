import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { AccountPanel } from './AccountPanel';
import { FeatureSwitches } from './FeatureSwitches';
import { ServerField } from './ServerField';
import { useExtensionState } from './use-extension-state';

export const INTERACTIVE_MARK = 'homeward:interactive';

/** Home server, account and switches: the popup, and the top of the options page. */
export function Settings({ children }: { children?: ComponentChildren }) {
  const [state, setState, reload] = useExtensionState();
  const ready = state !== null;
  useEffect(() => {
    // A local performance mark (never sent anywhere): `npm run bench` reads it as the time to interactive.
    if (ready && performance.getEntriesByName(INTERACTIVE_MARK).length === 0) performance.mark(INTERACTIVE_MARK);
  }, [ready]);
  if (!state) return <p class="loading" aria-busy="true" />;
  return (
    <>
      <ServerField server={state.server} onSaved={() => void reload()} />
      <AccountPanel state={state} onChange={reload} />
      <FeatureSwitches features={state.features} onChange={(features) => setState({ ...state, features })} />
      {children}
    </>
  );
}
