import { webApToHttps } from '../fediverse/web-ap';
import { homeServerItem, webApItem } from '../storage';
import { fromRedirectRule, openingPage } from './opening';
import type { WebApAnswer } from './protocol';

/**
 * Where a `web+ap://` link goes (docs/intents.md, "web+ap links"). A page's script can send the tab to such a link
 * without a click, so the link alone is held to what an https link to the same address would do: where the browser's
 * redirect rule would send it home (Open fediverse links on, a known fediverse host, a post or profile), it goes
 * through the Opening page at once; elsewhere the person is asked, and only their click (`confirmed`, from the
 * handler page's own button) makes it a request of theirs. The handler turned off: the https address opens.
 */
export async function webApDestination(uri: string, tabId: number, confirmed: boolean): Promise<WebApAnswer> {
  const https = webApToHttps(uri);
  if (!https) return { address: null };
  if (!(await webApItem.getValue())) return { address: https };
  if (confirmed) return { address: await openingPage({ url: https, explicit: true }, tabId) };
  if (await fromRedirectRule(new URL(https))) return { address: await openingPage({ url: https }, tabId) };
  const server = await homeServerItem.getValue();
  return server ? { confirm: https, server: server.host } : { address: https };
}
