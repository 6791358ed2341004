import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { saveFailureArtifacts } from '../../../sandbox/harness/artifacts';
import { GRANTED_EXTENSION_DIRS } from '../../../sandbox/harness/extension-build';
import { launchSession } from '../../../sandbox/harness/launch';
import { BROWSERS, type BrowserName, type Session } from '../../../sandbox/harness/session';

export interface E2E {
  readonly browserName: BrowserName;
  readonly sandbox: Sandbox;
  readonly session: Session;
  /** Quits the browser and starts it again on the same profile (Session.restart); `session` is the new one. */
  restartBrowser(): Promise<void>;
}

/** Browser start times of this worker, printed once per browser so reports can quote them. */
function reportStart(session: Session): void {
  console.info(`[e2e] ${session.browserName} ready in ${session.startMs} ms`);
}

/**
 * Registers `body` once per browser: one sandbox for the file, one browser per browser block, and before each
 * test a reset sandbox (state, faults, log) and a reset extension (tabs, storage, cookies). On failure, every
 * tab's screenshot and the console go to test-results/<browser>/<test name>/.
 *
 * `browsers` exists for scenarios a browser cannot run; leaving one out needs a comment with the reason.
 * `build: 'granted'` loads, in Chromium, the build whose manifest grants the all-sites permission at install
 * (Chromium's permission prompt cannot be answered by automation); Firefox always loads the shipped build and
 * grants it through the real request, since its prompt is off by pref.
 */
export function e2eSuite(
  title: string,
  body: (e2e: E2E) => void,
  browsers: readonly BrowserName[] = BROWSERS,
  options: { build?: 'shipped' | 'granted'; locale?: string } = {},
): void {
  describe(title, () => {
    let sandbox: Sandbox | undefined;
    beforeAll(async () => {
      sandbox = await startSandbox();
    });
    afterAll(async () => {
      await sandbox?.close();
    });

    for (const browserName of browsers) {
      describe(browserName, () => {
        let session: Session | undefined;
        const e2e: E2E = {
          browserName,
          get sandbox() {
            if (!sandbox) throw new Error('the sandbox did not start');
            return sandbox;
          },
          get session() {
            if (!session) throw new Error(`${browserName} did not start`);
            return session;
          },
          async restartBrowser() {
            const old = e2e.session;
            session = undefined;
            session = await old.restart();
          },
        };
        beforeAll(async () => {
          session = await launchSession(browserName, e2e.sandbox, {
            ...(options.build === 'granted' ? { extensionDir: GRANTED_EXTENSION_DIRS[browserName] } : {}),
            ...(options.locale ? { locale: options.locale } : {}),
          });
          reportStart(session);
        });
        afterAll(async () => {
          await session?.close();
        });
        beforeEach(async (context) => {
          context.onTestFailed(async () => {
            const dir = await saveFailureArtifacts(e2e.session, context.task.name);
            console.error(`[e2e] ${browserName}: artifacts of "${context.task.name}" in ${dir}`);
          });
          await e2e.sandbox.admin.reset();
          await e2e.sandbox.admin.clearFaults();
          await e2e.sandbox.admin.clearLog();
          await e2e.session.resetState();
        });
        body(e2e);
      });
    }
  });
}
