import type { ComponentChildren } from 'preact';
import { say, t } from '@/utils/i18n';
import { useEffect, useRef, useState } from 'preact/hooks';
import { clockTime } from '@/components/shared/clock-time';
import type { OpenOutcome } from '@/utils/open-at-home/protocol';

/** What the page's buttons ask for; the page's script wires them to the background. */
export interface OpeningActions {
  viewOriginal(): void;
  retry(): void;
  /** The token is dead: opens the settings, where the account connects again. */
  reconnect(): void;
  openSettings(): void;
  /** The home server has no web page for other servers' posts: open them in this web client from now on. */
  chooseClient(kind: 'elk' | 'phanpy'): void;
  /** Opens it with another connected account (its position in the person's list). */
  openAs(position: number): void;
}

/** Another connected account the page offers: its position and how it is named (`@user@server`). */
export interface OtherAccount {
  position: number;
  handle: string;
}

export interface OpeningPageProps {
  /** The URL the person followed, shown as text. */
  original: string;
  /** The home server's host from the settings, null when none is set. */
  server: string | null;
  outcome: OpenOutcome | 'resolving';
  actions: OpeningActions;
  /** The other connected accounts, besides the default one the page opens with. */
  others?: readonly OtherAccount[];
}

/** The tab title while the page works: says where the link is going. */
export function openingTitle(server: string | null): string {
  return server ? t('opening_title', { server }) : t('opening_titleYours');
}

interface View {
  heading: string;
  detail?: ComponentChildren;
  busy: boolean;
  /** The one button that fits the outcome; View original sits beside it. */
  primary?: { label: string; onClick: () => void };
  /** Equal choices, before View original (which web client). */
  choices?: { label: string; onClick: () => void }[];
  /** Offers to copy the address, for the person to paste into their server's search (nothing opens it there). */
  copy?: boolean;
}

function describe(props: OpeningPageProps): View {
  const { outcome, actions } = props;
  // The outcome names the server the background asked; the settings fill in before it answers.
  const host = (outcome !== 'resolving' && 'server' in outcome && outcome.server) || props.server;
  // Only before the settings are read is the server unknown; every outcome names one.
  const where = host ?? t('opening_yourServer');
  if (outcome === 'resolving') return { heading: openingTitle(host), busy: true };
  switch (outcome.kind) {
    case 'found':
      return { heading: openingTitle(host), detail: t('opening_opening'), busy: true };
    case 'remote-interaction':
      return {
        heading: openingTitle(host),
        detail: t('opening_signInFirst', { server: where }),
        busy: true,
      };
    case 'load-original':
      return { heading: t('opening_original'), busy: true };
    case 'not-found':
      return {
        heading: t('opening_notFound', { server: where }),
        detail: t('opening_notFoundDetail'),
        busy: false,
      };
    case 'blocked':
      return {
        heading: t('opening_blocked', { domain: outcome.domain }),
        detail: t('opening_blockedDetail', { server: where, domain: outcome.domain }),
        busy: false,
      };
    case 'needs-login':
      return {
        heading: t('opening_revoked', { server: where }),
        detail: t('opening_revokedDetail'),
        busy: false,
        primary: { label: t('common_reconnect'), onClick: actions.reconnect },
      };
    case 'rate-limited':
      return {
        heading: t('opening_rateLimited'),
        detail: t('opening_tryAgainAt', { time: clockTime(outcome.until) }),
        busy: false,
        primary: { label: t('site_tryAgain'), onClick: actions.retry },
      };
    case 'failed':
      return {
        heading: host ? t('opening_failedOn', { server: host }) : t('opening_failed'),
        detail: say(outcome.reason),
        busy: false,
        primary: { label: t('site_tryAgain'), onClick: actions.retry },
      };
    case 'no-server':
      return {
        heading: t('opening_noServer'),
        detail: t('opening_noServerDetail'),
        busy: false,
        primary: { label: t('site_setServer'), onClick: actions.openSettings },
      };
    case 'already-home':
      return { heading: t('opening_alreadyHome', { server: where }), busy: false };
    case 'choose-client':
      return {
        heading: t('opening_chooseClient'),
        detail: t('opening_chooseClientDetail', { server: where }),
        busy: false,
        choices: [
          { label: 'Elk', onClick: () => actions.chooseClient('elk') },
          { label: 'Phanpy', onClick: () => actions.chooseClient('phanpy') },
          { label: t('opening_anotherClient'), onClick: actions.openSettings },
        ],
        copy: true,
      };
  }
}

/** The address followed, as text (never a link): the Opening page and the web+ap question show it. */
export function OriginalLine({ address }: { address: string }) {
  return (
    <p class="original">
      <span class="label">{t('opening_link')}</span>
      <span class="url" translate={false} title={address}>
        {address}
      </span>
    </p>
  );
}

/** "Opening on home.example…": the page a followed fediverse link lands on while it is looked up at home. */
export function OpeningPage(props: OpeningPageProps) {
  const view = describe(props);
  const kind = props.outcome === 'resolving' ? 'resolving' : props.outcome.kind;
  const primary = useRef<HTMLButtonElement>(null);
  const viewOriginal = useRef<HTMLButtonElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = () => {
    navigator.clipboard.writeText(props.original).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  // When the lookup ends without leaving, the keyboard starts on what to do next.
  useEffect(() => {
    if (view.busy) return;
    (primary.current ?? viewOriginal.current)?.focus();
  }, [kind, view.busy]);
  return (
    <section class="opening" aria-busy={view.busy}>
      <div role="status" aria-live="polite" aria-atomic="true">
        <h1>
          {view.busy && <span class="spinner" aria-hidden="true" />}
          {view.heading}
        </h1>
        {view.detail && <p class="detail">{view.detail}</p>}
        {view.copy && copied && (
          <p class="detail">{t('opening_copied', { server: props.server ?? t('opening_yourServer') })}</p>
        )}
      </div>
      <OriginalLine address={props.original} />
      <div class="actions">
        {view.choices?.map((choice, index) => (
          <button
            type="button"
            class={index === 0 ? 'primary' : 'outline'}
            ref={index === 0 ? primary : undefined}
            onClick={choice.onClick}
          >
            {choice.label}
          </button>
        ))}
        {view.primary && (
          <button type="button" class="primary" ref={primary} onClick={view.primary.onClick}>
            {view.primary.label}
          </button>
        )}
        {view.copy && (
          <button type="button" class="outline" onClick={copy}>
            {t('opening_copyAddress')}
          </button>
        )}
        <button
          type="button"
          class={view.primary || view.choices || view.busy ? 'quiet' : 'primary'}
          ref={viewOriginal}
          onClick={props.actions.viewOriginal}
        >
          {t('opening_viewOriginal')}
        </button>
      </div>
      {props.others && props.others.length > 0 && kind !== 'found' && kind !== 'load-original' && (
        <div class="others">
          <p class="label">{t('opening_otherAccounts')}</p>
          {props.others.map((other) => (
            <button type="button" class="outline" onClick={() => props.actions.openAs(other.position)}>
              {t('opening_openAs', { account: other.handle })}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}

/** The page's address carries no usable link (typed by hand, cut short, not https): nothing to open or view. */
export function UnopenablePage() {
  return (
    <section class="opening">
      <div role="status" aria-live="polite">
        <h1>{t('opening_unopenable')}</h1>
        <p class="detail">{t('opening_unopenableDetail')}</p>
      </div>
    </section>
  );
}
