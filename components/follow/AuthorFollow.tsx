import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { FollowButton, type FollowActions } from './FollowButton';
import css from './follow-button.css?inline';
import { createContentHost } from '@/components/shared/content-host';
import { sendAuthor, type FollowState } from '@/utils/follow/protocol';
import { t, words } from '@/utils/i18n';
import type { FediverseNetwork } from '@/utils/sites/types';
import { HOST_TAG } from './mount';

/**
 * **Follow the author**, in the toolbar popup: when the page behind it names its author with `fediverse:creator`
 * (utils/follow/author.ts), the same button as on a profile, for that account. The page is read once the popup is
 * open (the toolbar click is the person's), after the popup's first paint; nothing shows when it names nobody.
 */
export function AuthorFollow() {
  const [handle, setHandle] = useState<string | null>(null);
  const [state, setState] = useState<FollowState>({ kind: 'checking' });
  const slot = useRef<HTMLDivElement>(null);
  const host = useRef<{ host: HTMLElement; container: HTMLElement } | null>(null);

  useEffect(() => {
    void browser.tabs
      .query({ active: true, currentWindow: true })
      .then(async ([tab]) => {
        if (tab?.id === undefined) return;
        const found = await sendAuthor('author:find', { tabId: tab.id });
        if (!found.handle) return;
        setHandle(found.handle);
        setState(await sendAuthor('author:state', { handle: found.handle }));
      })
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    if (!handle || !slot.current) return;
    host.current ??= createContentHost(HOST_TAG, css, 'extension-page');
    host.current.host.dataset.handle = handle;
    host.current.host.dataset.theme = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    if (!host.current.host.isConnected) slot.current.append(host.current.host);
    const ask = (type: 'author:state' | 'author:follow' | 'author:unfollow') => {
      setState({ kind: 'checking' });
      sendAuthor(type, { handle }).then(setState, () =>
        setState({ kind: 'failed', reason: words('site_updatedReload') }),
      );
    };
    const openSettings = () => void browser.runtime.openOptionsPage().then(() => window.close());
    const actions: FollowActions = {
      follow: () => ask('author:follow'),
      unfollow: () => ask('author:unfollow'),
      retry: () => ask('author:state'),
      openSettings,
      // The server's own follow page is for the sites' accounts; here the settings are where to connect.
      openRemoteFollow: openSettings,
      askBridge: () => undefined,
      // The popup follows from the default account; its menu is the page button's.
      accounts: () => Promise.resolve([]),
      followAs: () => Promise.resolve(state),
      unfollowAs: () => Promise.resolve(state),
    };
    render(
      <FollowButton state={state} handle={handle} network={authorNetwork(handle)} actions={actions} />,
      host.current.container,
    );
  }, [handle, state]);

  if (!handle) return null;
  return (
    <section class="author" aria-labelledby="author-heading">
      <h2 id="author-heading">{t('author_title')}</h2>
      <p class="author-handle">@{handle}</p>
      <div ref={slot} />
    </section>
  );
}

/** What the button says of the author's server, in the words it uses for a site's network. */
function authorNetwork(
  handle: string,
): Pick<FediverseNetwork, 'name' | 'handleDomain' | 'notFederated' | 'notFederatedLabel'> {
  const domain = handle.slice(handle.lastIndexOf('@') + 1);
  return {
    name: domain,
    handleDomain: domain,
    notFederated: 'author_notFound',
    notFederatedLabel: 'site_notOnFediverse',
  };
}
