import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
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
}

export interface OpeningPageProps {
  /** The URL the person followed, shown as text. */
  original: string;
  /** The home server's host from the settings, null when none is set. */
  server: string | null;
  outcome: OpenOutcome | 'resolving';
  actions: OpeningActions;
}

/** The tab title while the page works: says where the link is going. */
export function openingTitle(server: string | null): string {
  return `Opening on ${server ?? 'your server'}…`;
}

interface View {
  heading: string;
  detail?: ComponentChildren;
  busy: boolean;
  /** The one button that fits the outcome; View original sits beside it. */
  primary?: { label: string; onClick: () => void };
  /** Equal choices, before View original (which web client). */
  choices?: { label: string; onClick: () => void }[];
}

function describe(props: OpeningPageProps): View {
  const { outcome, actions } = props;
  // The outcome names the server the background asked; the settings fill in before it answers.
  const host = (outcome !== 'resolving' && 'server' in outcome && outcome.server) || props.server;
  const where = host ?? 'your server';
  if (outcome === 'resolving') return { heading: openingTitle(host), busy: true };
  switch (outcome.kind) {
    case 'found':
      return { heading: openingTitle(host), detail: 'Opening…', busy: true };
    case 'remote-interaction':
      return {
        heading: openingTitle(host),
        detail: `Opening… ${where} may ask you to sign in first.`,
        busy: true,
      };
    case 'load-original':
      return { heading: 'Opening the original…', busy: true };
    case 'not-found':
      return {
        heading: `${where} couldn't find this post or profile`,
        detail: 'It may have been deleted, or it may be private.',
        busy: false,
      };
    case 'blocked':
      return {
        heading: `Your server blocks ${outcome.domain}`,
        detail: `${where} doesn't show posts or profiles from ${outcome.domain}.`,
        busy: false,
      };
    case 'needs-login':
      return {
        heading: `${where} no longer accepts Homeward`,
        detail: 'Connect your account again to open links there.',
        busy: false,
        primary: { label: 'Reconnect', onClick: actions.reconnect },
      };
    case 'rate-limited':
      return {
        heading: 'Your server asked Homeward to wait',
        detail: `Try again at ${clockTime(outcome.until)}.`,
        busy: false,
        primary: { label: 'Try again', onClick: actions.retry },
      };
    case 'failed':
      return {
        heading: host ? `Couldn't open this on ${host}` : "Couldn't open this",
        detail: outcome.reason,
        busy: false,
        primary: { label: 'Try again', onClick: actions.retry },
      };
    case 'no-server':
      return {
        heading: "Homeward doesn't know your server yet",
        detail: 'Set your Mastodon server to open links there.',
        busy: false,
        primary: { label: 'Set your server', onClick: actions.openSettings },
      };
    case 'already-home':
      return { heading: `This is already on ${where}`, busy: false };
    case 'choose-client':
      return {
        heading: 'Where should posts from other servers open?',
        detail: `${where} has no web page for posts and profiles from other servers. Choose a web client that you sign in to with your account there; Homeward remembers it (change it in Settings).`,
        busy: false,
        choices: [
          { label: 'Elk', onClick: () => actions.chooseClient('elk') },
          { label: 'Phanpy', onClick: () => actions.chooseClient('phanpy') },
          { label: 'Another web client…', onClick: actions.openSettings },
        ],
      };
  }
}

/** "Opening on home.example…": the page a followed fediverse link lands on while it is looked up at home. */
export function OpeningPage(props: OpeningPageProps) {
  const view = describe(props);
  const kind = props.outcome === 'resolving' ? 'resolving' : props.outcome.kind;
  const primary = useRef<HTMLButtonElement>(null);
  const viewOriginal = useRef<HTMLButtonElement>(null);
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
      </div>
      <p class="original">
        <span class="label">Link</span>
        <span class="url" translate={false} title={props.original}>
          {props.original}
        </span>
      </p>
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
        <button
          type="button"
          class={view.primary || view.choices || view.busy ? 'quiet' : 'primary'}
          ref={viewOriginal}
          onClick={props.actions.viewOriginal}
        >
          View original
        </button>
      </div>
    </section>
  );
}

/** The page's address carries no usable link (typed by hand, cut short, not https): nothing to open or view. */
export function UnopenablePage() {
  return (
    <section class="opening">
      <div role="status" aria-live="polite">
        <h1>This link can't be opened</h1>
        <p class="detail">Its address is missing, too long, or not an https link.</p>
      </div>
    </section>
  );
}
