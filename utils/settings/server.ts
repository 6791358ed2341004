import { webDomainForHandle } from '../mastodon/discovery';
import { checkServer } from '../mastodon/server-check';
import type { SettingsRequests } from './protocol';
import { parseServerInput } from '../fediverse/server-input';
import { accountsItem, homeServerItem, readAccounts } from '../storage';

/**
 * "Home server" → a checked, stored server. The connected accounts stay connected (several may be: on this server
 * or others); the first one on the new server becomes the default, at the head of the list.
 */
export async function setServer({
  input,
}: SettingsRequests['setServer']['request']): Promise<SettingsRequests['setServer']['response']> {
  const check = await checkServerInput(input);
  if (!check.ok) return check;
  const accounts = await readAccounts();
  const first = accounts.find((record) => record.host === check.server.host);
  if (first && accounts[0] !== first)
    await accountsItem.setValue([first, ...accounts.filter((record) => record !== first)]);
  await homeServerItem.setValue(check.server);
  return { ok: true, server: check.server };
}

/** A server as the person typed it (a host, an address, `@user@host`), checked; nothing stored. */
export async function checkServerInput(input: string): Promise<SettingsRequests['setServer']['response']> {
  const parsed = parseServerInput(input);
  if (!parsed.ok) return { ok: false, error: { kind: 'input', problem: parsed.problem } };
  const host =
    parsed.value.kind === 'host'
      ? parsed.value.host
      : await webDomainForHandle(parsed.value.username, parsed.value.domain);
  const check = await checkServer(host);
  if (!check.ok) return { ok: false, error: { kind: check.reason, host } };
  const { server } = check;
  // The handle, on the server's own domain only: a handle elsewhere names another server's account.
  const typed = parsed.value.kind === 'handle' ? parsed.value : null;
  const handle =
    typed && (typed.domain === server.localDomain || typed.domain === server.host)
      ? `${typed.username}@${server.localDomain}`
      : undefined;
  return { ok: true, server: handle ? { ...server, handle } : server };
}
