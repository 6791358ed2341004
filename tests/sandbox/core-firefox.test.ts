import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findBrowser } from '../../sandbox/core/find-browser';
import { startSandbox, type Sandbox } from '../../sandbox/core/server';
import { HOME } from '../../sandbox/hosts';

// A real Firefox with the sandbox prefs and environment, in its one-shot screenshot mode: proves the proxy
// settings route it to the sandbox and that the phone-home switches leave nothing else in the log.
let sb: Sandbox;
let profile: string;
let firefox: ChildProcess | undefined;

beforeAll(async () => {
  sb = await startSandbox({
    modules: [
      () => [
        { hosts: [HOME], handle: () => ({ status: 200, body: '<p>sandbox page</p>' }), reset: () => {} },
      ],
    ],
  });
  profile = mkdtempSync(path.join(tmpdir(), 'homeward-ff-'));
  const userJs = Object.entries(sb.firefoxPrefs()).map(
    ([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`,
  );
  writeFileSync(path.join(profile, 'user.js'), userJs.join('\n') + '\n');
});

afterAll(async () => {
  if (firefox?.exitCode === null) firefox.kill();
  await sb?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

it('reaches the sandbox through the proxy and asks for nothing else', async () => {
  firefox = spawn(
    findBrowser('firefox').path,
    [
      '--headless',
      '--no-remote',
      '--profile',
      profile,
      '--screenshot',
      path.join(profile, 'shot.png'),
      `http://${HOME}/ff`,
    ],
    { stdio: 'ignore', env: { ...process.env, ...sb.firefoxEnv() } },
  );
  const code = await new Promise((resolve) => firefox?.on('exit', resolve));
  expect(code).toBe(0);
  const log = await sb.admin.log();
  expect(log.map((e) => `${e.method} ${e.host}${e.path} ${e.status}`)).toEqual([`GET ${HOME}/ff 200`]);
}, 30_000);
