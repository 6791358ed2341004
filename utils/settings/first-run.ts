import type { MessageKey } from '../i18n';
/**
 * What the person agreed to, and when that changes. Installing opens the welcome page; an update opens a short
 * page only when it changes what they agreed to (a new permission, a migration of what is stored), listed here
 * with the agreement version that brought it. An update that adds nothing here opens nothing.
 */
export interface AgreementChange {
  /** The agreement version this change brings; versions count up from 1, the first release. */
  version: number;
  /** What changed, one sentence each, as the update page shows it (catalogue keys). */
  changes: readonly MessageKey[];
}

/** Every change to what people agreed to since the first release, oldest first. Empty: nothing changed yet. */
export const AGREEMENT_CHANGES: readonly AgreementChange[] = [];

/** The agreement this build asks for: the newest version in the list, or 1. */
export function currentAgreement(changes: readonly AgreementChange[] = AGREEMENT_CHANGES): number {
  return changes.reduce((newest, change) => Math.max(newest, change.version), 1);
}

/** The changes a person who agreed to `agreed` has not seen, oldest first. */
export function changesSince(
  agreed: number,
  changes: readonly AgreementChange[] = AGREEMENT_CHANGES,
): readonly MessageKey[] {
  return changes.filter((change) => change.version > agreed).flatMap((change) => change.changes);
}

/** What the background opens after `runtime.onInstalled`. */
export type FirstRunPage = { page: 'welcome' } | { page: 'changes'; since: number } | null;

/**
 * `agreed` is what storage holds. An "install" that finds an agreement already there is not a first install:
 * uninstalling clears storage, so only a restart that reinstalls the same profile's extension gets here
 * (Chromium fires "install" at every start for an extension loaded from the command line, Firefox for a
 * temporary add-on), and it is treated as the update it is. An update from a version older than this item saw
 * the first release's agreement.
 */
export function pageAfterInstall(
  reason: string,
  agreed: number | null,
  changes: readonly AgreementChange[] = AGREEMENT_CHANGES,
): FirstRunPage {
  if (reason === 'install' && agreed === null) return { page: 'welcome' };
  if (reason !== 'install' && reason !== 'update') return null;
  const since = agreed ?? 1;
  return changesSince(since, changes).length > 0 ? { page: 'changes', since } : null;
}

/** The welcome page's address; `since` shows the changes since that agreement instead of the first steps. */
export function welcomePath(since?: number): `/welcome.html${string}` {
  return since === undefined ? '/welcome.html' : `/welcome.html?changes=${since}`;
}

/** The `changes` parameter of the welcome page's address, when it is a whole number. */
export function changesParameter(search: string): number | null {
  const value = new URLSearchParams(search).get('changes');
  return value !== null && /^\d{1,4}$/.test(value) ? Number(value) : null;
}
