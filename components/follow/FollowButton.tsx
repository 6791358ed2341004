import { useEffect, useRef, useState } from 'preact/hooks';
import type { AccountFollowState, FollowState } from '@/utils/follow/protocol';
import type { FediverseNetwork } from '@/utils/sites/types';
import { clockTime } from '@/components/shared/clock-time';
import { say, t } from '@/utils/i18n';

/** What the button can ask for; the mount wires these to the background. */
export interface FollowActions {
  follow(): void;
  unfollow(): void;
  retry(): void;
  openSettings(): void;
  openRemoteFollow(): void;
  /** **Ask them to bridge**, once the person pressed Send under the message it shows. */
  askBridge(): void;
  /** The menu's list: every connected account's state (several accounts). */
  accounts(): Promise<AccountFollowState[]>;
  /** Follow or unfollow from the account at `position`; resolves to that account's new state. */
  followAs(position: number): Promise<FollowState>;
  unfollowAs(position: number): Promise<FollowState>;
}

function MastodonMark() {
  // A simple speech-bubble "m", drawn here: no remote images (Threads' CSP allows none, and none are needed).
  return (
    <svg class="mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M21.3 8.2c0-4.4-2.9-5.7-2.9-5.7C16.9 1.8 14.4 1.5 11.9 1.5h-.1c-2.6 0-5 .3-6.5 1C5.3 2.5 2.4 3.8 2.4 8.2c0 1 0 2.2.1 3.5.1 4.3.8 8.5 4.8 9.6 1.8.5 3.4.6 4.7.5 2.3-.1 3.6-.8 3.6-.8l-.1-1.7s-1.6.5-3.5.5c-1.8-.1-3.8-.2-4.1-2.5v-.7s1.8.4 4 .5c1.4.1 2.7-.1 4-.2 2.5-.3 4.8-1.9 5.1-3.3.4-2.2.4-5.4.4-5.4zm-3.4 5.6h-2.1V8.7c0-1.1-.5-1.6-1.3-1.6-1 0-1.5.6-1.5 1.9v2.8h-2.1V9c0-1.3-.5-1.9-1.5-1.9-.9 0-1.3.5-1.3 1.6v5.1H6V8.5c0-1.1.3-1.9.8-2.6.6-.6 1.3-1 2.3-1 1.1 0 1.9.4 2.5 1.3l.5.9.5-.9c.6-.9 1.4-1.3 2.5-1.3 1 0 1.7.3 2.3 1 .5.6.8 1.5.8 2.6v5.3z"
      />
    </svg>
  );
}

type Popover = null | 'unfollow' | 'info' | 'connect' | 'ask' | 'accounts';

/**
 * Whether a pointer event at the document happened inside `element`. The host's shadow root is closed
 * (components/shared/content-host.ts), and a listener outside a closed root sees its path end at the host: the host
 * holds nothing but this component, so reaching it counts as inside.
 */
function isInside(event: Event, element: Element): boolean {
  const path = event.composedPath();
  // A ShadowRoot has a host, a Document has none (duck-typed: in Firefox's content scripts the page's nodes are
  // wrappers, where instanceof is not to be relied on).
  const host = (element.getRootNode() as Partial<ShadowRoot>).host;
  return path.includes(element) || (host !== undefined && path.includes(host));
}

/**
 * How the account's owner can join: the line, and a link that copies it for the person to send them. The
 * clipboard is written on the person's click (a user gesture), inside Homeward's own shadow root.
 */
function OptIn({ line, copied, onCopied }: { line: string; copied: boolean; onCopied: () => void }) {
  return (
    <p>
      {line}{' '}
      <button
        type="button"
        class="link"
        onClick={() => {
          navigator.clipboard.writeText(line).then(onCopied, () => undefined);
        }}
      >
        {copied ? t('site_copied') : t('site_copyLine')}
      </button>
    </p>
  );
}

/** What one account's row says of its state, in the button's own words. */
function stateWords(state: FollowState): string {
  switch (state.kind) {
    case 'checking':
      return t('site_checking');
    case 'can-follow':
      return '';
    case 'following':
      return t('site_following');
    case 'requested':
      return t('site_requested');
    case 'not-federated':
      return t('site_notOnFediverse');
    case 'blocked':
      return t('site_blocked');
    case 'rate-limited':
      return t('site_tryAgainAt', { time: clockTime(state.until) });
    case 'failed':
      return say(state.reason);
    case 'needs-login':
    case 'no-server':
      return t('site_accountReconnect');
  }
}

/**
 * The button's menu with several accounts connected: each account's state for this profile, and a follow or
 * unfollow from it. Accounts are named by their number in Homeward's settings, never by handle: the page's
 * process never learns them (components/follow/mount.tsx asks the background by position).
 */
function AccountsMenu({ actions }: { actions: FollowActions }) {
  const [rows, setRows] = useState<AccountFollowState[] | null>(null);
  useEffect(() => {
    let live = true;
    actions.accounts().then(
      (accounts) => live && setRows(accounts),
      () => live && setRows([]),
    );
    return () => {
      live = false;
    };
  }, []);
  const act = (row: AccountFollowState, action: (position: number) => Promise<FollowState>) => {
    const update = (state: FollowState) =>
      setRows((current) => current?.map((r) => (r.position === row.position ? { ...r, state } : r)) ?? null);
    update({ kind: 'checking' });
    action(row.position).then(update, () =>
      update({ kind: 'failed', reason: { key: 'site_updatedReload' } }),
    );
  };
  return (
    <div class="popover accounts" role="dialog" aria-label={t('site_otherAccounts')}>
      {rows === null ? (
        <p aria-busy="true">{t('site_checking')}</p>
      ) : (
        <ul>
          {rows.map((row) => {
            const name = row.isDefault
              ? t('site_accountDefault', { number: row.position })
              : t('site_accountNumber', { number: row.position });
            const { state } = row;
            return (
              <li key={row.position}>
                <span class="account-name">{name}</span>
                <span class="account-state">{stateWords(state)}</span>
                {state.kind === 'can-follow' && (
                  <button
                    type="button"
                    class="primary small"
                    aria-label={t('site_followAs', { account: name })}
                    onClick={() => act(row, actions.followAs)}
                  >
                    {t('site_followFrom')}
                  </button>
                )}
                {(state.kind === 'following' || state.kind === 'requested') && (
                  <button
                    type="button"
                    class="outline small"
                    aria-label={t('site_unfollowAs', { account: name })}
                    onClick={() => act(row, actions.unfollowAs)}
                  >
                    {state.kind === 'following' ? t('site_unfollow') : t('site_withdraw')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <p class="small">{t('site_accountsNote')}</p>
    </div>
  );
}

/** The follow button: one visible state at a time, the label names the state (it is the product's copy). */
export function FollowButton({
  state,
  handle,
  network,
  actions,
}: {
  state: FollowState;
  handle: string;
  network: Pick<
    FediverseNetwork,
    'name' | 'handleDomain' | 'notFederated' | 'notFederatedLabel' | 'optIn' | 'bridgeRequest'
  >;
  actions: FollowActions;
}) {
  const [popover, setPopover] = useState<Popover>(null);
  const [copied, setCopied] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  /**
   * The keyboard's way back: the state's button (always the first) takes the focus when a popover that had it
   * closes, instead of the focus falling to the page's body.
   */
  const focusButton = () => root.current?.querySelector('button')?.focus();
  const closeKeepingFocus = () => {
    const here = root.current;
    const active = here ? (here.getRootNode() as Document | ShadowRoot).activeElement : null;
    setPopover(null);
    if (here && active && here.contains(active)) focusButton();
  };
  useEffect(() => setPopover(null), [state.kind]);
  useEffect(() => setCopied(false), [popover]);
  /** Send was pressed: the answer opens the note again, which then says the request went (or why not). */
  const asking = useRef(false);
  useEffect(() => {
    if (!asking.current || state.kind === 'checking') return;
    asking.current = false;
    if (state.kind === 'not-federated') setPopover('info');
  }, [state]);
  useEffect(() => {
    if (!popover) return undefined;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent) {
        if (event.key === 'Escape') closeKeepingFocus();
      } else if (!isInside(event, root.current!)) {
        setPopover(null);
      }
    };
    document.addEventListener('keydown', close, true);
    document.addEventListener('pointerdown', close, true);
    return () => {
      document.removeEventListener('keydown', close, true);
      document.removeEventListener('pointerdown', close, true);
    };
  }, [popover]);

  const at = `@${handle}`;
  const toggle = (which: Exclude<Popover, null>) => setPopover(popover === which ? null : which);
  let button;
  let info: string | null = null;
  let secondary = null;

  switch (state.kind) {
    case 'checking':
      // aria-disabled, not disabled: the same element shows the next state, and a disabled one would drop the
      // focus of whoever pressed Follow or Unfollow with the keyboard.
      button = (
        <button type="button" class="quiet" aria-disabled="true" aria-busy="true">
          <span class="spinner" aria-hidden="true" />
          <span class="visually-hidden">{t('site_checking')}</span>
        </button>
      );
      break;
    case 'can-follow':
      button = (
        <button type="button" class="primary" onClick={actions.follow}>
          <MastodonMark /> {t('site_follow')}
        </button>
      );
      break;
    case 'following':
    case 'requested':
      button = (
        <button
          type="button"
          class="outline"
          aria-expanded={popover === 'unfollow'}
          aria-haspopup="dialog"
          onClick={() => toggle('unfollow')}
        >
          <MastodonMark /> {state.kind === 'following' ? t('site_following') : t('site_requested')}
        </button>
      );
      break;
    case 'not-federated':
      info = t(network.notFederated, { handle: at });
      button = (
        <button
          type="button"
          class="muted"
          aria-expanded={popover === 'info' || popover === 'ask'}
          onClick={() => toggle('info')}
        >
          {t(network.notFederatedLabel)}
        </button>
      );
      break;
    case 'blocked':
      info = t('site_blockedInfo', { domain: network.handleDomain, network: network.name });
      button = (
        <button type="button" class="muted" aria-expanded={popover === 'info'} onClick={() => toggle('info')}>
          {t('site_blocked')}
        </button>
      );
      break;
    case 'needs-login':
      // The home server's name stays out of the page: Threads' and Instagram's scripts can read this DOM.
      if (!state.canConnect && state.remoteFollow) {
        // No sign-in from extensions in this browser (Firefox for Android): the server's own follow page works.
        button = (
          <button type="button" class="primary" onClick={actions.openRemoteFollow}>
            <MastodonMark /> {t('site_followOnServer')}
          </button>
        );
        break;
      }
      button = (
        <button
          type="button"
          class="primary"
          aria-expanded={popover === 'connect'}
          aria-haspopup="dialog"
          onClick={() => toggle('connect')}
        >
          <MastodonMark /> {t('site_connect')}
        </button>
      );
      // A server without a follow page of its own (GoToSocial) and no web client chosen: connecting is the way.
      secondary = state.remoteFollow && (
        <button
          type="button"
          class="link"
          title={t('site_followOnServerHint', { handle: at })}
          onClick={actions.openRemoteFollow}
        >
          {t('site_followOnServer')}
        </button>
      );
      break;
    case 'no-server':
      button = (
        <button type="button" class="outline" onClick={actions.openSettings}>
          <MastodonMark /> {t('site_setServer')}
        </button>
      );
      break;
    case 'rate-limited':
      button = (
        <button type="button" class="outline" title={t('site_rateLimitedHint')} onClick={actions.retry}>
          {t('site_tryAgainAt', { time: clockTime(state.until) })}
        </button>
      );
      break;
    case 'failed':
      button = (
        <button
          type="button"
          class="outline"
          title={say(state.reason)}
          aria-description={say(state.reason)}
          onClick={actions.retry}
        >
          {t('site_tryAgain')}
        </button>
      );
      break;
  }

  const others =
    state.kind === 'can-follow' || state.kind === 'following' || state.kind === 'requested'
      ? (state.others ?? 0)
      : 0;
  if (others > 0)
    secondary = (
      <button
        type="button"
        class="outline chevron"
        aria-label={t('site_otherAccounts')}
        aria-haspopup="dialog"
        aria-expanded={popover === 'accounts'}
        onClick={() => toggle('accounts')}
      >
        <svg viewBox="0 0 12 12" aria-hidden="true" focusable="false">
          <path d="M2.5 4.5 6 8l3.5-3.5" fill="none" stroke="currentColor" stroke-width="1.6" />
        </svg>
      </button>
    );

  return (
    <div class="homeward" ref={root}>
      {button}
      {secondary}
      {popover === 'accounts' && <AccountsMenu actions={actions} />}
      {popover === 'unfollow' && (state.kind === 'following' || state.kind === 'requested') && (
        <div
          class="popover"
          role="dialog"
          aria-label={state.kind === 'following' ? t('site_unfollowTitle') : t('site_withdrawTitle')}
        >
          <p>
            {state.kind === 'following'
              ? t('site_unfollowQuestion', { handle: at })
              : t('site_withdrawQuestion', { handle: at })}
          </p>
          <div class="row">
            <button
              type="button"
              class="danger"
              onClick={() => {
                focusButton();
                actions.unfollow();
              }}
            >
              {state.kind === 'following' ? t('site_unfollow') : t('site_withdraw')}
            </button>
            <button type="button" class="outline" onClick={closeKeepingFocus}>
              {t('site_cancel')}
            </button>
          </div>
        </div>
      )}
      {popover === 'connect' && state.kind === 'needs-login' && (
        <div class="popover" role="dialog" aria-label={t('site_connect')}>
          <p>{state.reason === 'revoked' ? t('site_revokedInfo') : t('site_connectInfo')}</p>
          <div class="row">
            <button type="button" class="primary" onClick={actions.openSettings}>
              {t('site_connectAccount')}
            </button>
          </div>
        </div>
      )}
      {popover === 'info' && info && (
        <div class="popover" role="note">
          <p>{info}</p>
          {state.kind === 'not-federated' && network.optIn && (
            <OptIn line={t(network.optIn)} copied={copied} onCopied={() => setCopied(true)} />
          )}
          {state.kind === 'not-federated' && state.request === 'sent' && <p>{t('site_bridgeSent')}</p>}
          {state.kind === 'not-federated' && state.request === 'available' && network.bridgeRequest && (
            <div class="row">
              <button type="button" class="outline" aria-haspopup="dialog" onClick={() => setPopover('ask')}>
                {t('site_askBridge')}
              </button>
            </div>
          )}
        </div>
      )}
      {popover === 'ask' && state.kind === 'not-federated' && network.bridgeRequest && (
        <div class="popover" role="dialog" aria-label={t('site_askBridge')}>
          <p>{t('site_askBridgeWhat', { bot: `@${network.bridgeRequest.bot}` })}</p>
          <pre class="message">{network.bridgeRequest.text(handle.slice(0, handle.lastIndexOf('@')))}</pre>
          <p class="small">{t('site_askBridgeTerms')}</p>
          <div class="row">
            <button
              type="button"
              class="primary"
              onClick={() => {
                asking.current = true;
                focusButton();
                actions.askBridge();
              }}
            >
              {t('site_askBridgeSend')}
            </button>
            <button type="button" class="outline" onClick={closeKeepingFocus}>
              {t('site_cancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
