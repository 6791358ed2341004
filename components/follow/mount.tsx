import { render } from 'preact';
import { FollowButton, type FollowActions } from './FollowButton';
import css from './follow-button.css?inline';
import { createContentHost, followPageTheme } from '../content-host';
import type { FollowState } from '@/utils/follow-protocol';
import { sendFollow } from '@/utils/follow-protocol';
import type { Anchor, ProfileMatch, SiteAdapter } from '@/utils/sites/types';

export const HOST_TAG = 'homeward-follow';
/** How long the header may take to show a recognisable anchor before the button floats instead. */
export const ANCHOR_GRACE_MS = 3000;
export const BUTTON_MARK = 'homeward:button';
/**
 * After a follow comes back "requested", when to ask again. Mastodon holds a follow request until Threads sends
 * its Accept (usually within seconds for public accounts); a bounded back-off, not a poll that runs forever.
 */
export const REQUESTED_RECHECK_MS: readonly number[] = [1500, 3000, 6000, 12000];

/**
 * One follow button for one profile visit. Owns its host element (an open shadow root, so the page's styles
 * and scripts leave it alone), keeps it beside the header when the site re-renders, and stops everything
 * when `signal` aborts (the person navigated away).
 */
export class ProfileMount {
  private readonly host: HTMLElement;
  private readonly container: HTMLElement;
  private state: FollowState = { kind: 'checking' };
  private placed: 'none' | 'anchored' | 'floating' = 'none';
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private recheckTimer: ReturnType<typeof setTimeout> | undefined;
  private marked = false;
  private readonly updateTheme: () => void;

  constructor(
    private readonly site: SiteAdapter,
    private readonly profile: ProfileMatch,
    private readonly signal: AbortSignal,
  ) {
    ({ host: this.host, container: this.container } = createContentHost(HOST_TAG, css));
    this.host.dataset.handle = profile.handle;
    this.updateTheme = followPageTheme(this.host, () => document.body, signal);
    signal.addEventListener('abort', () => this.destroy(), { once: true });
    this.graceTimer = setTimeout(() => this.float(), ANCHOR_GRACE_MS);
    this.request('follow:state');
  }

  /** Called on every batch of DOM changes: cheap when nothing needs doing. */
  check(): void {
    if (this.signal.aborted) return;
    if (this.placed === 'anchored' && this.host.isConnected) return;
    const anchor = this.site.findAnchor(document, this.profile.username);
    if (anchor) this.place(anchor);
    else if (this.placed === 'floating' && !this.host.isConnected) this.float();
  }

  private place(anchor: Anchor): void {
    clearTimeout(this.graceTimer);
    delete this.host.dataset.floating;
    this.host.removeAttribute('style');
    this.updateTheme();
    anchor.element.insertAdjacentElement(anchor.position, this.host);
    this.placed = 'anchored';
    this.render();
    this.markPlaced();
  }

  /** No anchor in time (the site's markup changed): float at the top right of the profile area. */
  private float(): void {
    if (this.signal.aborted || this.placed === 'anchored') return;
    if (!document.body) return;
    const area = this.site.findProfileArea(document) ?? document.body;
    const rect = area.getBoundingClientRect();
    this.host.dataset.floating = '';
    this.updateTheme();
    this.host.style.top = `${Math.max(rect.top, 0) + window.scrollY + 16}px`;
    this.host.style.left = `${rect.right + window.scrollX - 16}px`;
    this.host.style.transform = 'translateX(-100%)';
    document.body.append(this.host);
    this.placed = 'floating';
    this.render();
    this.markPlaced();
  }

  /** A local performance mark per visit (never sent anywhere); `npm run bench` reads it. */
  private markPlaced(): void {
    if (this.marked) return;
    this.marked = true;
    performance.mark(BUTTON_MARK, { detail: this.profile.handle });
  }

  private render(): void {
    if (this.signal.aborted || this.placed === 'none') return;
    render(
      <FollowButton
        state={this.state}
        handle={this.profile.handle}
        network={this.site.network}
        actions={this.actions}
      />,
      this.container,
    );
  }

  private setState(state: FollowState): void {
    if (this.signal.aborted) return;
    this.state = state;
    this.render();
  }

  private request(type: 'follow:state' | 'follow:follow' | 'follow:unfollow'): void {
    const previous = this.state;
    clearTimeout(this.recheckTimer);
    this.setState({ kind: 'checking' });
    sendFollow(type, { handle: this.profile.handle }).then(
      (state) => {
        this.setState(state);
        if (type === 'follow:follow' && state.kind === 'requested') this.recheck(0);
      },
      (error: unknown) => {
        // The extension was updated or reloaded under the page: say so once, keep the page working.
        console.warn('Homeward: the extension did not answer', error);
        this.setState(
          previous.kind === 'checking'
            ? { kind: 'failed', reason: 'Homeward was updated. Reload the page.' }
            : previous,
        );
      },
    );
  }

  /** The account or server changed elsewhere: ask for the state again. */
  refresh(): void {
    if (!this.signal.aborted) this.request('follow:state');
  }

  /** Quietly asks again whether a follow request was accepted, keeping "Requested" on screen meanwhile. */
  private recheck(attempt: number): void {
    const delay = REQUESTED_RECHECK_MS[attempt];
    if (delay === undefined || this.signal.aborted) return;
    this.recheckTimer = setTimeout(() => {
      sendFollow('follow:state', { handle: this.profile.handle }).then(
        (state) => {
          if (this.state.kind !== 'requested') return; // the person acted meanwhile
          this.setState(state);
          if (state.kind === 'requested') this.recheck(attempt + 1);
        },
        () => undefined,
      );
    }, delay);
  }

  private readonly actions: FollowActions = {
    follow: () => this.request('follow:follow'),
    unfollow: () => this.request('follow:unfollow'),
    retry: () => this.request('follow:state'),
    openSettings: () => void sendFollow('follow:open-settings', {}).catch(() => undefined),
    openRemoteFollow: () =>
      void sendFollow('follow:open-remote-follow', { handle: this.profile.handle }).catch(() => undefined),
  };

  private destroy(): void {
    clearTimeout(this.graceTimer);
    clearTimeout(this.recheckTimer);
    render(null, this.container);
    this.host.remove();
  }
}
