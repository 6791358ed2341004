import { useEffect, useRef } from 'preact/hooks';
import { t, tParts } from '@/utils/i18n';
import { browser } from 'wxt/browser';
import { AccountPanel } from './AccountPanel';
import { FeatureSwitches } from './FeatureSwitches';
import { HowToUseList } from './HowToUse';
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
        <h1>{since === null ? t('welcome_title') : t('welcome_changesTitle')}</h1>
      </header>
      {since !== null ? (
        <section aria-labelledby="changes-title" class="welcome-changes">
          <h2 id="changes-title">{t('welcome_since')}</h2>
          {changes.length > 0 ? (
            <ul>
              {changes.map((change) => (
                <li key={change}>{t(change)}</li>
              ))}
            </ul>
          ) : (
            <p>{t('welcome_nothingChanged')}</p>
          )}
        </section>
      ) : (
        <Introduction />
      )}
      {state ? <Steps state={state} reload={reload} /> : <p class="loading" aria-busy="true" />}
    </>
  );
}

const strong = (parts: unknown[]) => <strong>{parts}</strong>;

function Introduction() {
  return (
    <section class="welcome-intro" aria-label={t('settings_whatHomewardDoes')}>
      <p class="lead">{t('settings_whatItDoes')}</p>
      <ul class="welcome-jobs">
        <li>{tParts('welcome_jobFollow', { strong })}</li>
        <li>{tParts('welcome_jobOpen', { strong })}</li>
        <li>{tParts('welcome_jobPeople', { strong })}</li>
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
          <span class="mock-site-follow">{t('welcome_siteFollow')}</span>
          <span class="mock-homeward">{t('site_follow')}</span>
        </span>
      </div>
      <figcaption>{t('welcome_pictureCaption')}</figcaption>
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
          <h2>{t('welcome_stepServer')}</h2>
          <ServerField server={state.server} onSaved={() => void reload()} />
        </li>
        <li>
          <h2>{t('welcome_stepAccount')}</h2>
          {state.server ? (
            <AccountPanel state={state} onChange={reload} />
          ) : (
            <p class="note">{t('welcome_serverFirst')}</p>
          )}
        </li>
        <li>
          <h2>{t('welcome_stepLinks')}</h2>
          <FeatureSwitches
            features={state.features}
            allSites={state.allSites}
            only="openAtHome"
            legend={t('welcome_optional')}
          />
        </li>
      </ol>
      {allSet && (
        <section class="welcome-done" aria-labelledby="welcome-done-title">
          <h2 id="welcome-done-title" tabIndex={-1} ref={done}>
            {t('welcome_allSet')}
          </h2>
          <p>{t('welcome_oneClick')}</p>
          <HowToUseList server={state.server?.host} />
          <p class="note">{t('welcome_closeTab')}</p>
        </section>
      )}
    </>
  );
}
