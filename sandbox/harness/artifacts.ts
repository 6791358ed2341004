import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './extension-build';
import type { Session } from './session';

/** test-results/<browser>/<test name>/ (ignored by git). */
export function artifactDir(session: Session, testName: string): string {
  const safe = testName
    .replace(/[^\w.@-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 120);
  return join(REPO_ROOT, 'test-results', session.browserName, safe || 'unnamed');
}

/**
 * A screenshot of every open tab, their URLs and the collected console. Each step is best effort: a tab that
 * closed or hung must not hide what the others show.
 */
export async function saveFailureArtifacts(session: Session, testName: string): Promise<string> {
  const dir = artifactDir(session, testName);
  await mkdir(dir, { recursive: true });
  const urls: string[] = [];
  const tabs = await session.tabs().catch(() => []);
  for (const [index, tab] of tabs.entries()) {
    const url = await tab.url().catch((error: Error) => `(url unavailable: ${error.message})`);
    urls.push(`tab-${index}.png\t${url}`);
    await tab.screenshot(join(dir, `tab-${index}.png`)).catch((error: Error) => {
      urls.push(`tab-${index}: screenshot failed: ${error.message}`);
    });
  }
  await writeFile(join(dir, 'tabs.txt'), `${urls.join('\n')}\n`);
  await writeFile(join(dir, 'console.log'), `${session.consoleLines().join('\n')}\n`);
  return dir;
}
