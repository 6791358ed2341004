import { useEffect, useRef } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AccountPanel } from './AccountPanel';
import { FeatureSwitches } from './FeatureSwitches';
import { HowToUseList, WHAT_IT_DOES } from './HowToUse';
import { ServerField } from './ServerField';
import { useExtensionState } from './use-extension-state';
import { changesSince } from '@/utils/settings/first-run';
import type { ExtensionState } from '@/utils/settings/protocol';

/** Set up as far as it goes: a server, and an account where this browser can connect one. */
export function isAllSet(state: ExtensionState): boolean {
  return state.server !== null && (!state.canConnect || state.account.status === 'connected');
}

/**
 * The page Homeward opens when it is installed: what it does, then the three things it needs (home server,
 * account, automatic opening), then where everything is. With `since`, an update's page: what changed in what
 * the person agreed to (utils/settings/first-run.ts), above the same settings.
 */
export function WelcomePage({ since }: { since: number | null }) {
  const [state, reload] = useExtensionState();
  const changes = since === null ? [] : changesSince(since);
  return (
    <>
      <header class="welcome-head">
        <img src={browser.runtime.getURL('/icon.svg')} alt="" width={40} height={40} />
        <h1>{since === null ? 'Welcome to Homeward' : 'What changed in Homeward'}</h1>
      </header>
      {since !== null ? (
        <section aria-labelledby="changes-title" class="welcome-changes">
          <h2 id="changes-title">Since you last agreed</h2>
          {changes.length > 0 ? (
            <ul>
              {changes.map((change) => (
                <li key={change}>{change}</li>
              ))}
            </ul>
          ) : (
            <p>Nothing you agreed to has changed.</p>
          )}
        </section>
      ) : (
        <Introduction />
      )}
      {state ? <Steps state={state} reload={reload} /> : <p class="loading" aria-busy="true" />}
    </>
  );
}

function Introduction() {
  return (
    <section class="welcome-intro" aria-label="What Homeward does">
      <p class="lead">{WHAT_IT_DOES}</p>
      <ul class="welcome-jobs">
        <li>
          <strong>Follow from my Mastodon:</strong> one click on a Threads or Instagram profile.
        </li>
        <li>
          <strong>Open it at home:</strong> fediverse posts and profiles open on your server, where you can
          reply, boost and follow.
        </li>
        <li>
          <strong>Bring my people:</strong> a whole Following list, checked and followed for you.
        </li>
      </ul>
      <ProfilePicture />
    </section>
  );
}

/** A drawing of a profile header with Homeward's button beside the site's Follow, not a live control. */
function ProfilePicture() {
  return (
    <figure class="welcome-picture">
      <div class="mock-profile" aria-hidden="true">
        <span class="mock-avatar" />
        <span class="mock-name">
          <strong>Juno Park</strong>
          <span>@juno</span>
        </span>
        <span class="mock-actions">
          <span class="mock-site-follow">Follow</span>
          <span class="mock-homeward">Follow on Mastodon</span>
        </span>
      </div>
      <figcaption>On a profile, Homeward’s button sits beside the site’s own Follow button.</figcaption>
    </figure>
  );
}

function Steps({ state, reload }: { state: ExtensionState; reload: () => Promise<void> }) {
  const allSet = isAllSet(state);
  const done = useRef<HTMLHeadingElement>(null);
  const wasSet = useRef(allSet);
  // Once setting up ends on this page, the news is where the person is next: focus moves to it.
  useEffect(() => {
    if (allSet && !wasSet.current) done.current?.focus();
    wasSet.current = allSet;
  }, [allSet]);
  return (
    <>
      <ol class="welcome-steps">
        <li>
          <h2>Your home server</h2>
          <ServerField server={state.server} onSaved={() => void reload()} />
        </li>
        <li>
          <h2>Your account</h2>
          {state.server ? (
            <AccountPanel state={state} onChange={reload} />
          ) : (
            <p class="note">Set your home server first: your account lives there.</p>
          )}
        </li>
        <li>
          <h2>Links, home first</h2>
          <FeatureSwitches
            features={state.features}
            allSites={state.allSites}
            only="openAtHome"
            legend="Optional"
          />
        </li>
      </ol>
      {allSet && (
        <section class="welcome-done" aria-labelledby="welcome-done-title">
          <h2 id="welcome-done-title" tabIndex={-1} ref={done}>
            You’re all set
          </h2>
          <p>Everything is one click away:</p>
          <HowToUseList server={state.server?.host} />
          <p class="note">You can close this tab. The Homeward button in the toolbar has these settings.</p>
        </section>
      )}
    </>
  );
}
