import { webClientItem } from '../storage';
import { ELK_HOST, PHANPY_HOST } from '../mastodon/web-ui';

/**
 * The Opening page's question, where the home server has no page for other servers' posts (docs/home-software.md):
 * the answer sets Elk or Phanpy on its public host, and only while nothing is chosen yet. The Opening page is the one
 * page any site can open, so it can neither name a host nor replace a choice made in the options page.
 */
export async function chooseFirstClient(kind: 'elk' | 'phanpy'): Promise<{ ok: true }> {
  if ((await webClientItem.getValue()) === null)
    await webClientItem.setValue({ kind, host: kind === 'elk' ? ELK_HOST : PHANPY_HOST });
  return { ok: true };
}
