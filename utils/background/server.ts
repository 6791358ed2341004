import { webDomainForHandle } from '../mastodon/discovery';
import { checkServer } from '../mastodon/server-check';
import type { Requests } from '../messages';
import { parseServerInput } from '../server-input';
import { homeServerItem } from '../storage';
import { credentialsSecret } from './secrets';
import { forgetConnection } from './account';

/** "Home server" → a checked, stored server. A different server ends the connection to the old one. */
export async function setServer({
  input,
}: Requests['setServer']['request']): Promise<Requests['setServer']['response']> {
  const parsed = parseServerInput(input);
  if (!parsed.ok) return { ok: false, error: { kind: 'input', problem: parsed.problem } };
  const host =
    parsed.value.kind === 'host'
      ? parsed.value.host
      : await webDomainForHandle(parsed.value.username, parsed.value.domain);
  const check = await checkServer(host);
  if (!check.ok) return { ok: false, error: { kind: check.reason, host } };
  const credentials = await credentialsSecret.getValue();
  if (credentials && credentials.host !== check.server.host) await forgetConnection(credentials);
  await homeServerItem.setValue(check.server);
  return { ok: true, server: check.server };
}
