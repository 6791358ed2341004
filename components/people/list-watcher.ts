import { PeopleScanMount } from './scan-mount';
import type { ScanTiming } from '@/utils/people/scan';
import type { PeopleSite } from '@/utils/people/protocol';
import type { PageWatcher } from '@/utils/sites/page-watch';
import type { SiteAdapter } from '@/utils/sites/types';

/** The list's containers (dialogs, screens) at or under the nodes a batch of changes added. */
function addedDialogs(records: readonly MutationRecord[], selector: string): Element[] {
  const found: Element[] = [];
  for (const record of records)
    for (const node of record.addedNodes) {
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const element = node as Element;
      if (element.matches(selector)) found.push(element);
      else found.push(...element.querySelectorAll(selector));
    }
  return found;
}

/**
 * Offers "Find them on the fediverse" on the Following list of the profile the page shows. Threads opens the
 * list as a dialog over the profile without changing the URL and switches Followers / Following in place (D3,
 * D6); Instagram routes it to `/<owner>/following/` with pushState (G1–G5). So every batch of DOM changes
 * (and popstate) re-evaluates, cheaply: the URL is compared as a string; the document is searched for dialogs
 * only when the URL changes, otherwise only the nodes the batch added; a dialog is re-examined only when the
 * batch touched it. Null on a site with no list to offer it on.
 */
export function followingListWatcher(site: SiteAdapter<PeopleSite>, timing?: ScanTiming): PageWatcher | null {
  const list = site.followingList;
  if (!list) return null;
  let url = '';
  let owner: string | null = null;
  /** Connected dialogs that may show the list (Threads draws its tabs after the first rows). */
  const dialogs = new Set<Element>();
  let mount: { controller: AbortController; view: PeopleScanMount } | null = null;

  const unmount = () => {
    mount?.controller.abort();
    mount = null;
  };

  const evaluate = (records?: readonly MutationRecord[]) => {
    let fresh: Iterable<Element>;
    if (location.href !== url) {
      url = location.href;
      const next = list.ownerFromUrl(new URL(url));
      if (next !== owner) unmount();
      owner = next;
      dialogs.clear();
      fresh = owner ? document.querySelectorAll(list.container) : [];
    } else {
      fresh = owner && records ? addedDialogs(records, list.container) : [];
    }
    if (!owner) return;
    const touched = (dialog: Element) => !records || records.some((record) => dialog.contains(record.target));
    const changed = new Set<Element>();
    for (const dialog of fresh) {
      dialogs.add(dialog);
      changed.add(dialog);
    }
    for (const dialog of dialogs) {
      if (!dialog.isConnected) dialogs.delete(dialog);
      else if (touched(dialog)) changed.add(dialog);
    }
    if (mount) {
      const { dialog } = mount.view;
      if (!dialog.isConnected) unmount();
      else if (!changed.has(dialog)) return;
      else {
        const anchor = list.listAnchor(dialog);
        if (anchor) return mount.view.place(anchor);
        unmount(); // the Followers tab, or the list gave way to something else
      }
    }
    // The last one is drawn on top.
    for (const dialog of [...changed].reverse()) {
      const anchor = list.listAnchor(dialog);
      if (!anchor) continue;
      const controller = new AbortController();
      const view = new PeopleScanMount(dialog, site.id, list, owner, controller.signal, timing);
      mount = { controller, view };
      view.place(anchor);
      return;
    }
  };

  return {
    name: 'the Following list offer',
    // Threads switches between its Followers and Following tabs in place (D3).
    attributes: ['aria-selected'],
    evaluate,
    stop() {
      dialogs.clear();
      unmount();
    },
  };
}
