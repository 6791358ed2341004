import type { ComponentChildren } from 'preact';
import { useLayoutEffect } from 'preact/hooks';
import { AccountPanel } from './AccountPanel';
import { FeatureSwitches } from './FeatureSwitches';
import { ServerField } from './ServerField';
import { useExtensionState } from './use-extension-state';
import { INTERACTIVE_MARK, markOnce } from '@/utils/marks';

/** Home server, account and switches: the popup, and the top of the options page. */
export function Settings({ children }: { children?: ComponentChildren }) {
  const [state, reload] = useExtensionState();
  const ready = state !== null;
  // Layout effect: right after the DOM shows the state, not a frame later.
  useLayoutEffect(() => {
    if (ready) markOnce(INTERACTIVE_MARK);
  }, [ready]);
  if (!state) return <p class="loading" aria-busy="true" />;
  return (
    <>
      <ServerField server={state.server} onSaved={() => void reload()} />
      <AccountPanel state={state} onChange={reload} />
      <FeatureSwitches features={state.features} />
      {children}
    </>
  );
}
