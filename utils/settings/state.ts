import { browser } from 'wxt/browser';
import { currentWebClient } from '../mastodon/web-client';
import type { AccountState, ExtensionState } from './protocol';
import { accountItem, connectErrorItem, featuresItem, homeServerItem, webClientItem } from '../storage';
import { canConnect, hasAllSites } from '../capabilities';
import { isWords } from '../i18n';

/**
 * Settings and account as extension pages show them, read straight from storage: opening the popup must not
 * wait for the background to wake up. Holds nothing secret.
 */
export async function readExtensionState(): Promise<ExtensionState> {
  const [server, record, features, connectError, allSites, webClient] = await Promise.all([
    homeServerItem.getValue(),
    accountItem.getValue(),
    featuresItem.getValue(),
    connectErrorItem.getValue(),
    hasAllSites(),
    currentWebClient(),
  ]);
  // The home server syncs across browsers, the account does not: an account on another server is not this one's.
  const account: AccountState =
    record && record.host === server?.host
      ? { status: record.status, account: record.account }
      : { status: 'none' };
  return {
    server,
    account,
    features,
    canConnect: canConnect(),
    // An older build's English text is not words: nothing to show (utils/storage/index.ts).
    connectError: isWords(connectError) ? connectError : null,
    allSites,
    webClient,
  };
}

/** Calls `listener` whenever anything readExtensionState reads changes (e.g. a sign-in finishing). */
export function watchExtensionState(listener: () => void): () => void {
  const unwatch = [
    homeServerItem.watch(listener),
    accountItem.watch(listener),
    featuresItem.watch(listener),
    connectErrorItem.watch(listener),
    webClientItem.watch(listener),
  ];
  browser.permissions.onAdded.addListener(listener);
  browser.permissions.onRemoved.addListener(listener);
  return () => {
    unwatch.forEach((stop) => stop());
    browser.permissions.onAdded.removeListener(listener);
    browser.permissions.onRemoved.removeListener(listener);
  };
}
