import { normaliseHost } from './server-input';

/**
 * `web+ap://` links (the Fedi Links project's scheme, docs/intents.md "web+ap links"): "a web+ap URI is an https URI
 * with additional semantics", userinfo reserved and ignored. Pure.
 */

const SCHEME = /^web\+ap:\/\//i;
/** A longer address is no link a person clicked. */
const MAX_LENGTH = 4096;

/**
 * The https address a `web+ap://` link stands for, without userinfo or fragment; null when it is no such link or names
 * no plain host (a port, an IP literal are refused as a typed server would be). Browsers hand a protocol handler the
 * link percent-encoded or as it is: both are read.
 */
export function webApToHttps(value: string | null | undefined): string | null {
  if (!value || value.length > MAX_LENGTH) return null;
  let text = value.trim();
  if (!SCHEME.test(text) && /^web%2Bap%3A/i.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return null;
    }
  }
  if (!SCHEME.test(text)) return null;
  const https = `https://${text.replace(SCHEME, '')}`;
  if (!URL.canParse(https)) return null;
  const url = new URL(https);
  // The same gate as a typed server: no port, no IP address, no single label (utils/fediverse/server-input.ts).
  if (url.port || normaliseHost(url.hostname) === null) return null;
  url.username = '';
  url.password = '';
  url.hash = '';
  return url.href;
}
