import { spawnSync } from 'node:child_process';
import { requireBrowsers } from '../../sandbox/core/find-browser';
import { missingBuilds, REPO_ROOT } from '../../sandbox/harness/extension-build';

/**
 * Builds the extension when a build is missing or E2E_BUILD=1. A stale build is the caller's business: the npm
 * script runs `npm run build` first, and rebuilding on every run would add ~20 s to a one-test iteration.
 */
export default function setup(): void {
  // Both browsers first (installing them as root on Debian or Ubuntu): a missing one is one line, then the end.
  requireBrowsers('e2e');
  const missing = missingBuilds();
  if (process.env['E2E_BUILD'] !== '1' && missing.length === 0) return;
  console.info(
    `[e2e] building the extension (${missing.length ? `missing: ${missing.join(', ')}` : 'E2E_BUILD=1'})`,
  );
  const result = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run build failed with status ${result.status}`);
}
