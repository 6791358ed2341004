import { words, type Words } from '../i18n';
import { displayHost, INPUT_MESSAGES } from '../fediverse/server-input';
import type { ServerProblem } from './protocol';

/** Why a server typed in could not be used, as words (the Home server field, and the add-account form). */
export function serverProblemWords(error: ServerProblem): Words {
  switch (error.kind) {
    case 'input':
      return words(INPUT_MESSAGES[error.problem]);
    case 'unreachable':
      return words('server_unreachable', { host: displayHost(error.host) });
    case 'timeout':
      return words('server_timeout', { host: displayHost(error.host) });
    case 'not-mastodon':
      return words('server_notMastodon', { host: displayHost(error.host) });
  }
}
