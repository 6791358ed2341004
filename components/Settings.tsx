import type { ComponentChildren } from 'preact';
import { AccountPanel } from './AccountPanel';
import { FeatureSwitches } from './FeatureSwitches';
import { ServerField } from './ServerField';
import { useExtensionState } from './use-extension-state';

/** Home server, account and switches: the popup, and the top of the options page. */
export function Settings({ children }: { children?: ComponentChildren }) {
  const [state, setState, reload] = useExtensionState();
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
