import { webDomainForHandle } from '../mastodon/discovery';
import { checkServer } from '../mastodon/server-check';
import type { SettingsRequests } from './protocol';
import { parseServerInput } from '../fediverse/server-input';
import { homeServerItem } from '../storage';
import { credentialsSecret } from '../storage/secrets';
import { forgetConnection } from '../mastodon/account';

/** "Home server" → a checked, stored server. A different server ends the connection to the old one. */
export async function setServer({
  input,
}: SettingsRequests['setServer']['request']): Promise<SettingsRequests['setServer']['response']> {
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
