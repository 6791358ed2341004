import { render } from 'preact';
import { FollowButton, type FollowActions } from './FollowButton';
import css from './follow-button.css?inline';
import { createContentHost, followPageTheme } from '@/components/shared/content-host';
import type { FollowState } from '@/utils/follow/protocol';
import { sendFollow } from '@/utils/follow/protocol';
import { words } from '@/utils/i18n';
import type { Anchor, ProfileMatch, SiteAdapter } from '@/utils/sites/types';

export const HOST_TAG = 'homeward-follow';
/** How long the header may take to show a recognisable anchor before the button floats instead. */
export const ANCHOR_GRACE_MS = 3000;
export const BUTTON_MARK = 'homeward:button';
/** Up to this window width the sites use their mobile layouts, whose button rows wrap. */
const NARROW_PX = 480;
/**
 * After a follow comes back "requested", when to ask again. Mastodon holds a follow request until Threads sends
 * its Accept (usually within seconds for public accounts); a bounded back-off, not a poll that runs forever.
 */
/**
 * What the site shows above its page and the floating button must not cover: dialogs (the login prompt, the
 * followers list) and menus drawn as popups. Instagram's highlights tray is a `[role=menu]` inside the profile's
 * `header`: that one is part of the page.
 */
export const SITE_DIALOGS =
  '[role="dialog"], [role="alertdialog"], [aria-modal="true"], dialog[open], [role="menu"]';
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
  private placed: 'none' | 'anchored' | 'floating' | 'own-profile' = 'none';
  /** Anchors that did not lay the button out beside the site's control: not tried again on this visit. */
  private readonly rejected = new WeakSet<Element>();
  private unfloat: (() => void) | undefined;
  private frame = 0;
  private verifyFrame = 0;
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
    if (this.signal.aborted || this.placed === 'own-profile') return;
    if (this.placed === 'anchored' && this.host.isConnected) return;
    const placement = this.site.findAnchor(document, this.profile.username);
    if (placement === 'own-profile') this.leave();
    else if (placement && !this.rejected.has(placement.element)) this.place(placement);
    else if (this.placed === 'floating') {
      if (!this.host.isConnected) this.float();
      else this.hideUnderDialogs();
    }
  }

  /** One's own profile: no button, and no floating one later. */
  private leave(): void {
    clearTimeout(this.graceTimer);
    this.stopFloating();
    render(null, this.container);
    this.host.remove();
    this.placed = 'own-profile';
  }

  private place(anchor: Anchor): void {
    clearTimeout(this.graceTimer);
    this.stopFloating();
    delete this.host.dataset.floating;
    delete this.host.dataset.covered;
    this.host.removeAttribute('style');
    this.updateTheme();
    this.placed = 'anchored';
    this.render();
    anchor.element.insertAdjacentElement(anchor.position, this.host);
    this.markPlaced();
    // Measured where it landed, in the next frame, before it is painted: the browser lays the page out then
    // anyway, so checking costs no layout of its own. A row that does not lay it out beside the site's control (a
    // block wrapper, a row too narrow for it) gets one more try right after the control itself, then the floating
    // button.
    const { control } = anchor;
    if (!control) return;
    cancelAnimationFrame(this.verifyFrame);
    this.verifyFrame = requestAnimationFrame(() => {
      if (this.signal.aborted || this.placed !== 'anchored' || this.besideControl(control)) return;
      control.insertAdjacentElement('afterend', this.host);
      if (this.besideControl(control)) return;
      this.rejected.add(anchor.element);
      this.placed = 'none';
      this.float();
    });
  }

  /**
   * Whether the host, where it is now, shows beside `control`: on its line (or the next, where a narrow row wraps)
   * and inside the window. Without layout (nothing measured) there is nothing to contradict the anchor.
   */
  private besideControl(control: Element): boolean {
    const host = this.host.getBoundingClientRect();
    const site = control.getBoundingClientRect();
    if (host.width === 0 || site.height === 0) return true;
    // On the control's line; in a narrow window (the sites' mobile layouts) a row may wrap onto the next one.
    const narrow = document.documentElement.clientWidth <= NARROW_PX;
    const line = Math.max(site.height, host.height) * (narrow ? 1.5 : 0.5);
    const middle = (rect: DOMRect) => rect.top + rect.height / 2;
    return (
      Math.abs(middle(host) - middle(site)) <= line &&
      host.left >= -1 &&
      host.right <= document.documentElement.clientWidth + 1
    );
  }

  /** No anchor in time (the site's markup changed): float at the top right of the profile area. */
  private float(): void {
    if (this.signal.aborted || this.placed === 'anchored' || this.placed === 'own-profile') return;
    if (!document.body) return;
    this.host.dataset.floating = '';
    this.updateTheme();
    this.placed = 'floating';
    this.render();
    document.body.append(this.host);
    this.positionFloating();
    this.hideUnderDialogs();
    if (!this.unfloat) {
      const onResize = () => {
        cancelAnimationFrame(this.frame);
        this.frame = requestAnimationFrame(() => this.positionFloating());
      };
      window.addEventListener('resize', onResize);
      this.unfloat = () => {
        cancelAnimationFrame(this.frame);
        window.removeEventListener('resize', onResize);
      };
    }
    this.markPlaced();
  }

  /** The top right of the profile area, inside the window however narrow: recomputed when the window resizes. */
  private positionFloating(): void {
    if (this.placed !== 'floating') return;
    const area = this.site.findProfileArea(document) ?? document.body;
    const rect = area.getBoundingClientRect();
    const right = Math.min(rect.right, document.documentElement.clientWidth);
    this.host.style.top = `${Math.max(rect.top, 0) + window.scrollY + 16}px`;
    this.host.style.left = `${right + window.scrollX - 16}px`;
    this.host.style.transform = 'translateX(-100%)';
  }

  /**
   * The floating button sits above the page, so it steps aside while the site shows a dialog (the login prompt,
   * the followers list, a menu): it never covers what the site asks the person.
   */
  private hideUnderDialogs(): void {
    let covered = false;
    for (const dialog of document.querySelectorAll(SITE_DIALOGS)) {
      if (dialog.matches('[role="menu"]') && dialog.closest('header')) continue;
      if (dialog.getClientRects().length > 0) covered = true;
    }
    if (covered) this.host.dataset.covered = '';
    else delete this.host.dataset.covered;
  }

  private stopFloating(): void {
    this.unfloat?.();
    this.unfloat = undefined;
  }

  /** A local performance mark per visit (never sent anywhere); `npm run bench` reads it. */
  private markPlaced(): void {
    if (this.marked) return;
    this.marked = true;
    performance.mark(BUTTON_MARK, { detail: this.profile.handle });
  }

  private render(): void {
    if (this.signal.aborted || this.placed === 'none' || this.placed === 'own-profile') return;
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

  private request(type: 'follow:state' | 'follow:follow' | 'follow:unfollow' | 'follow:ask-bridge'): void {
    const previous = this.state;
    clearTimeout(this.recheckTimer);
    this.setState({ kind: 'checking' });
    // The sender rejects a message the background never answered, and sends a state read once more by itself
    // (utils/messaging/messages.ts).
    const send = (asked: typeof type = type): Promise<FollowState> =>
      sendFollow(asked, { handle: this.profile.handle });
    // A follow or unfollow may have reached the server before the worker stopped, so the state is read first and
    // the ask sent again only if it did not (some servers send another Follow for a request still pending,
    // docs/home-server.md §10.3). A direct message is never sent twice.
    const again = async (): Promise<FollowState> => {
      const now = await send('follow:state');
      const done =
        type === 'follow:follow'
          ? now.kind === 'following' || now.kind === 'requested'
          : now.kind === 'can-follow';
      return done || (now.kind !== 'can-follow' && now.kind !== 'following' && now.kind !== 'requested')
        ? now
        : send();
    };
    const answer = type === 'follow:follow' || type === 'follow:unfollow' ? send().catch(again) : send();
    answer.then(
      (state) => {
        this.setState(state);
        if (type === 'follow:follow' && state.kind === 'requested') this.recheck(0);
      },
      (error: unknown) => {
        // The extension was updated or reloaded under the page: say so once, keep the page working. A click's
        // follow or unfollow never goes back silently to the button it started from.
        console.warn('Homeward: the extension did not answer', error);
        const asked = type !== 'follow:state';
        this.setState(
          asked || previous.kind === 'checking'
            ? { kind: 'failed', reason: words('site_updatedReload') }
            : previous,
        );
      },
    );
  }

  /**
   * The default account's state again, without showing "checking" meanwhile: after the menu acted (maybe from the
   * default account itself), so that the menu stays open over the button.
   */
  private quietRefresh(): void {
    sendFollow('follow:state', { handle: this.profile.handle }).then(
      (state) => this.setState(state),
      () => undefined,
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
    askBridge: () => this.request('follow:ask-bridge'),
    accounts: async () => (await sendFollow('follow:accounts', { handle: this.profile.handle })).accounts,
    followAs: async (account) => {
      const state = await sendFollow('follow:follow-as', { handle: this.profile.handle, account });
      this.quietRefresh();
      return state;
    },
    unfollowAs: async (account) => {
      const state = await sendFollow('follow:unfollow-as', { handle: this.profile.handle, account });
      this.quietRefresh();
      return state;
    },
  };

  private destroy(): void {
    clearTimeout(this.graceTimer);
    cancelAnimationFrame(this.verifyFrame);
    this.stopFloating();
    clearTimeout(this.recheckTimer);
    render(null, this.container);
    this.host.remove();
  }
}
