import type { ComponentChildren } from 'preact';
import { useLayoutEffect } from 'preact/hooks';
import { AccountPanel } from './AccountPanel';
import { AccountsList } from './AccountsList';
import { FeatureSwitches } from './FeatureSwitches';
import { HowToUse } from './HowToUse';
import { OpenHere } from './OpenHere';
import { ShareHere } from '@/components/share/ShareHere';
import { ServerField } from './ServerField';
import { useExtensionState } from './use-extension-state';
import { WebClientChoice } from './WebClientChoice';
import { ServerAbilities } from './ServerAbilities';
import { INTERACTIVE_MARK, markOnce } from '@/utils/marks';

/** Home server, account and switches: the popup, and the top of the options page. */
export function Settings({
  children,
  openHere = false,
  howTo = false,
  webClient = false,
  accounts = false,
}: {
  children?: ComponentChildren;
  openHere?: boolean;
  /** The folded "How to use" under the switches (the popup). */
  howTo?: boolean;
  /** The "Open at home in" choice (the options page). */
  webClient?: boolean;
  /** Every connected account, to add, order and disconnect (the options page). */
  accounts?: boolean;
}) {
  const [state, reload] = useExtensionState();
  const ready = state !== null;
  // Layout effect: right after the DOM shows the state, not a frame later.
  useLayoutEffect(() => {
    if (ready) markOnce(INTERACTIVE_MARK);
  }, [ready]);
  if (!state) return <p class="loading" aria-busy="true" />;
  return (
    <>
      {openHere && <OpenHere server={state.server} />}
      {openHere && <ShareHere server={state.server} />}
      <ServerField server={state.server} onSaved={() => void reload()} />
      {state.server && <ServerAbilities server={state.server} client={state.webClient} />}
      <AccountPanel state={state} onChange={reload} />
      {accounts && <AccountsList state={state} onChange={reload} />}
      <FeatureSwitches features={state.features} allSites={state.allSites} />
      {webClient && <WebClientChoice server={state.server} client={state.webClient} />}
      {howTo && <HowToUse server={state.server?.host} />}
      {children}
    </>
  );
}
