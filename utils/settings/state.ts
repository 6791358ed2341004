import { browser } from 'wxt/browser';
import { currentWebClient } from '../mastodon/web-client';
import type { AccountState, ExtensionState } from './protocol';
import {
  accountKey,
  accountsItem,
  connectErrorItem,
  defaultAccount,
  featuresItem,
  homeServerItem,
  readAccounts,
  webClientItem,
} from '../storage';
import { canConnect, hasAllSites } from '../capabilities';
import { isWords } from '../i18n';

/**
 * Settings and account as extension pages show them, read straight from storage: opening the popup must not
 * wait for the background to wake up. Holds nothing secret.
 */
export async function readExtensionState(): Promise<ExtensionState> {
  const [server, accounts, features, connectError, allSites, webClient] = await Promise.all([
    homeServerItem.getValue(),
    readAccounts(),
    featuresItem.getValue(),
    connectErrorItem.getValue(),
    hasAllSites(),
    currentWebClient(),
  ]);
  // The home server syncs across browsers, the accounts do not: the default is the first on the home server.
  const record = defaultAccount(server, accounts);
  const account: AccountState = record
    ? { status: record.status, account: record.account }
    : { status: 'none' };
  return {
    server,
    account,
    accounts: accounts.map((candidate) => ({
      key: accountKey(candidate),
      host: candidate.host,
      status: candidate.status,
      account: candidate.account,
      isDefault: candidate === record,
    })),
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
    accountsItem.watch(listener),
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
