import { beforeEach, describe, expect, it } from 'vitest';
import {
  BrowserNotFound,
  findBrowser,
  forgetFoundBrowsers,
  installPlan,
  locateBrowser,
  notFoundMessage,
  parseOsRelease,
  scratchDir,
  type BrowserFamily,
  type FindDeps,
  majorVersion,
  MIN_MAJOR,
  type SearchSystem,
} from '../../sandbox/core/find-browser';

/** Ubuntu's /usr/bin/chromium-browser and /usr/bin/firefox (transitional packages), shortened. */
const SNAP_WRAPPER = '#!/bin/sh\nexec /snap/bin/chromium "$@"\n';

interface FakeSystem {
  platform?: NodeJS.Platform;
  env?: Record<string, string>;
  home?: string;
  /** Executables (path → file head); directories are whatever these paths pass through. */
  files: Record<string, string>;
}

function system({ platform = 'linux', env = {}, home = '/home/maya', files }: FakeSystem): SearchSystem {
  const sep = platform === 'win32' ? '\\' : '/';
  return {
    platform,
    env,
    home,
    isExecutable: (file) => file in files,
    list(dir) {
      const prefix = dir.endsWith(sep) ? dir : `${dir}${sep}`;
      const names = Object.keys(files)
        .filter((file) => file.startsWith(prefix))
        .map((file) => file.slice(prefix.length).split(sep)[0]!);
      return [...new Set(names)];
    },
    head: (file) => files[file] ?? '',
  };
}

const exe = (...paths: string[]): Record<string, string> =>
  Object.fromEntries(paths.map((p) => [p, '\x7fELF']));

describe('locateBrowser', () => {
  it.each<
    [string, BrowserFamily, FakeSystem, { path: string; name: string; branded?: boolean; snap?: string }]
  >([
    [
      'Debian chromium',
      'chromium',
      { files: exe('/usr/bin/chromium') },
      { path: '/usr/bin/chromium', name: 'Chromium' },
    ],
    [
      'Fedora chromium-browser',
      'chromium',
      { files: exe('/usr/bin/chromium-browser') },
      { path: '/usr/bin/chromium-browser', name: 'Chromium' },
    ],
    [
      'Chromium before branded Google Chrome',
      'chromium',
      { files: exe('/usr/bin/google-chrome', '/usr/bin/chromium') },
      { path: '/usr/bin/chromium', name: 'Chromium' },
    ],
    [
      'Playwright’s Chrome for Testing before Google Chrome, newest revision first',
      'chromium',
      {
        files: exe(
          '/opt/google/chrome/chrome',
          '/home/maya/.cache/ms-playwright/chromium-999/chrome-linux64/chrome',
          '/home/maya/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome',
        ),
      },
      {
        path: '/home/maya/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome',
        name: 'Chrome for Testing (Playwright)',
      },
    ],
    [
      'Playwright’s cache where PLAYWRIGHT_BROWSERS_PATH says',
      'chromium',
      {
        env: { PLAYWRIGHT_BROWSERS_PATH: '/srv/pw' },
        files: exe('/srv/pw/chromium-1200/chrome-linux/chrome'),
      },
      { path: '/srv/pw/chromium-1200/chrome-linux/chrome', name: 'Chromium (Playwright)' },
    ],
    [
      'Puppeteer’s Chrome for Testing',
      'chromium',
      { files: exe('/home/maya/.cache/puppeteer/chrome/linux-139.0.7258.66/chrome-linux64/chrome') },
      {
        path: '/home/maya/.cache/puppeteer/chrome/linux-139.0.7258.66/chrome-linux64/chrome',
        name: 'Chrome for Testing (Puppeteer)',
      },
    ],
    [
      'Ubuntu: the snap, not the script that starts it',
      'chromium',
      { files: { '/usr/bin/chromium-browser': SNAP_WRAPPER, ...exe('/snap/bin/chromium') } },
      { path: '/snap/bin/chromium', name: 'Chromium (snap)', snap: 'chromium' },
    ],
    [
      'Brave before Google Chrome',
      'chromium',
      { files: exe('/opt/google/chrome/chrome', '/usr/bin/brave-browser') },
      { path: '/usr/bin/brave-browser', name: 'Brave' },
    ],
    [
      'Google Chrome, branded',
      'chromium',
      { files: exe('/opt/google/chrome/chrome') },
      { path: '/opt/google/chrome/chrome', name: 'Google Chrome', branded: true },
    ],
    [
      'Edge, branded',
      'chromium',
      { files: exe('/usr/bin/microsoft-edge') },
      { path: '/usr/bin/microsoft-edge', name: 'Microsoft Edge', branded: true },
    ],
    [
      'macOS Chrome for Testing in ~/Applications before Google Chrome',
      'chromium',
      {
        platform: 'darwin',
        home: '/Users/maya',
        files: exe(
          '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
          '/Users/maya/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
        ),
      },
      {
        path: '/Users/maya/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
        name: 'Chrome for Testing',
      },
    ],
    [
      'macOS Playwright cache',
      'chromium',
      {
        platform: 'darwin',
        home: '/Users/maya',
        files: exe(
          '/Users/maya/Library/Caches/ms-playwright/chromium-1255/chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
        ),
      },
      {
        path: '/Users/maya/Library/Caches/ms-playwright/chromium-1255/chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
        name: 'Chrome for Testing (Playwright)',
      },
    ],
    [
      'Windows per-user Chromium before Chrome',
      'chromium',
      {
        platform: 'win32',
        home: 'C:\\Users\\maya',
        env: { LOCALAPPDATA: 'C:\\Users\\maya\\AppData\\Local', PROGRAMFILES: 'C:\\Program Files' },
        files: exe(
          'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
          'C:\\Users\\maya\\AppData\\Local\\Chromium\\Application\\chrome.exe',
        ),
      },
      { path: 'C:\\Users\\maya\\AppData\\Local\\Chromium\\Application\\chrome.exe', name: 'Chromium' },
    ],
    [
      'Windows Edge, branded',
      'chromium',
      {
        platform: 'win32',
        home: 'C:\\Users\\maya',
        env: { 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' },
        files: exe('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'),
      },
      {
        path: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
        name: 'Microsoft Edge',
        branded: true,
      },
    ],
    [
      'Debian firefox-esr before firefox',
      'firefox',
      { files: exe('/usr/bin/firefox', '/usr/bin/firefox-esr') },
      { path: '/usr/bin/firefox-esr', name: 'Firefox ESR' },
    ],
    [
      'Firefox in /usr/lib',
      'firefox',
      { files: exe('/usr/lib/firefox/firefox') },
      { path: '/usr/lib/firefox/firefox', name: 'Firefox' },
    ],
    [
      'Ubuntu Firefox: the snap, not its wrapper',
      'firefox',
      {
        files: {
          '/usr/bin/firefox': '#!/bin/sh\nexec /snap/bin/firefox "$@"\n',
          ...exe('/snap/bin/firefox'),
        },
      },
      { path: '/snap/bin/firefox', name: 'Firefox (snap)', snap: 'firefox' },
    ],
    [
      'macOS Firefox before Nightly',
      'firefox',
      {
        platform: 'darwin',
        files: exe(
          '/Applications/Firefox Nightly.app/Contents/MacOS/firefox',
          '/Applications/Firefox.app/Contents/MacOS/firefox',
        ),
      },
      { path: '/Applications/Firefox.app/Contents/MacOS/firefox', name: 'Firefox' },
    ],
    [
      'Windows Firefox',
      'firefox',
      {
        platform: 'win32',
        env: { PROGRAMFILES: 'C:\\Program Files' },
        files: exe('C:\\Program Files\\Mozilla Firefox\\firefox.exe'),
      },
      { path: 'C:\\Program Files\\Mozilla Firefox\\firefox.exe', name: 'Firefox' },
    ],
    [
      'HOMEWARD_CHROMIUM before everything',
      'chromium',
      { env: { HOMEWARD_CHROMIUM: '/opt/cft/chrome' }, files: exe('/usr/bin/chromium', '/opt/cft/chrome') },
      { path: '/opt/cft/chrome', name: 'HOMEWARD_CHROMIUM' },
    ],
    [
      'HOMEWARD_CHROMIUM naming Google Chrome is branded',
      'chromium',
      {
        env: { HOMEWARD_CHROMIUM: '/usr/bin/google-chrome-beta' },
        files: exe('/usr/bin/google-chrome-beta'),
      },
      { path: '/usr/bin/google-chrome-beta', name: 'HOMEWARD_CHROMIUM', branded: true },
    ],
    [
      'HOMEWARD_FIREFOX',
      'firefox',
      { env: { HOMEWARD_FIREFOX: '/opt/nightly/firefox' }, files: exe('/opt/nightly/firefox') },
      { path: '/opt/nightly/firefox', name: 'HOMEWARD_FIREFOX' },
    ],
  ])('%s', (_, family, fake, expected) => {
    expect(locateBrowser(family, system(fake))).toEqual({ family, branded: false, ...expected });
  });

  it.each<[string, BrowserFamily, FakeSystem]>([
    ['nothing at all', 'chromium', { files: {} }],
    [
      'only a snap wrapper without its snap',
      'chromium',
      { files: { '/usr/bin/chromium-browser': SNAP_WRAPPER } },
    ],
    ['Chromium is no Firefox', 'firefox', { files: exe('/usr/bin/chromium') }],
    [
      'a directory named like the cache, without the browser',
      'chromium',
      { files: exe('/home/maya/.cache/ms-playwright/chromium-1255/INSTALLATION_COMPLETE') },
    ],
  ])('finds none: %s', (_, family, fake) => {
    expect(locateBrowser(family, system(fake))).toBeUndefined();
  });

  it('says which variable is wrong when HOMEWARD_CHROMIUM is not an executable, in one line', () => {
    const sys = system({ env: { HOMEWARD_CHROMIUM: '/nope' }, files: exe('/usr/bin/chromium') });
    expect(() => locateBrowser('chromium', sys)).toThrow(BrowserNotFound);
    expect(() => locateBrowser('chromium', sys)).toThrow(
      'HOMEWARD_CHROMIUM=/nope is not an executable file: point it at Chromium or Chrome for Testing, or unset it to search the usual places.',
    );
  });
});

describe('parseOsRelease', () => {
  it.each([
    ['ID=debian\nVERSION_ID="12"\n', { id: 'debian', idLike: [] }],
    ['ID=ubuntu\nID_LIKE=debian\n', { id: 'ubuntu', idLike: ['debian'] }],
    ['ID=linuxmint\nID_LIKE="ubuntu debian"\n', { id: 'linuxmint', idLike: ['ubuntu', 'debian'] }],
    ['ID="fedora"\n', { id: 'fedora', idLike: [] }],
    ['', { id: '', idLike: [] }],
  ])('%j', (text, expected) => {
    expect(parseOsRelease(text)).toEqual(expected);
  });
});

describe('installPlan', () => {
  const os = (text: string) => parseOsRelease(text);
  it.each<[string, BrowserFamily, NodeJS.Platform, string, string, boolean]>([
    ['Debian', 'chromium', 'linux', 'ID=debian', 'sudo apt install chromium chromium-l10n', true],
    [
      'Debian',
      'firefox',
      'linux',
      'ID=debian',
      'sudo apt install firefox-esr firefox-esr-l10n-de firefox-esr-l10n-ja',
      true,
    ],
    [
      'Raspberry Pi OS',
      'chromium',
      'linux',
      'ID=raspbian\nID_LIKE=debian',
      'sudo apt install chromium chromium-l10n',
      true,
    ],
    [
      'Ubuntu',
      'chromium',
      'linux',
      'ID=ubuntu\nID_LIKE=debian',
      'npx playwright-core install --with-deps --no-shell chromium',
      true,
    ],
    [
      'Linux Mint',
      'firefox',
      'linux',
      'ID=linuxmint\nID_LIKE="ubuntu debian"',
      'npx @puppeteer/browsers install firefox@stable --path ~/.cache/puppeteer',
      true,
    ],
    ['Fedora', 'chromium', 'linux', 'ID=fedora', 'sudo dnf install chromium', false],
    ['Arch', 'chromium', 'linux', 'ID=arch', 'sudo pacman -S chromium', false],
    ['Manjaro', 'firefox', 'linux', 'ID=manjaro\nID_LIKE=arch', 'sudo pacman -S firefox', false],
    [
      'openSUSE',
      'firefox',
      'linux',
      'ID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"',
      'sudo zypper install MozillaFirefox',
      false,
    ],
    [
      'an unknown Linux',
      'chromium',
      'linux',
      'ID=gentoo',
      'npx playwright-core install --no-shell chromium',
      false,
    ],
    ['macOS', 'chromium', 'darwin', '', 'npx playwright-core install --no-shell chromium', false],
    ['macOS', 'firefox', 'darwin', '', 'brew install --cask firefox', false],
    ['Windows', 'chromium', 'win32', '', 'npx playwright-core install --no-shell chromium', false],
    ['Windows', 'firefox', 'win32', '', 'winget install Mozilla.Firefox', false],
  ])('%s, %s: `%s`', (_, family, platform, osRelease, hint, installsAsRoot) => {
    const plan = installPlan(family, platform, os(osRelease));
    expect(plan.hint).toBe(hint);
    expect(Boolean(plan.asRoot)).toBe(installsAsRoot);
  });

  it('installs Debian’s package, its language packs and its fonts, without questions', () => {
    expect(installPlan('chromium', 'linux', os('ID=debian')).asRoot?.commands).toEqual([
      ['apt-get', 'update', '-qq'],
      [
        'apt-get',
        'install',
        '-y',
        '-qq',
        '--no-install-recommends',
        'chromium',
        'chromium-l10n',
        'fonts-liberation',
      ],
    ]);
  });

  it('names what is missing, the command and the variable, in one line', () => {
    const message = notFoundMessage('chromium', installPlan('chromium', 'linux', os('ID=debian')));
    expect(message).toBe(
      'Homeward needs Chromium (or Chrome for Testing) and found none: install it with `sudo apt install chromium chromium-l10n`, or set HOMEWARD_CHROMIUM=/path/to/chromium.',
    );
    expect(notFoundMessage('firefox', installPlan('firefox', 'darwin'))).not.toContain('\n');
  });
});

describe('findBrowser', () => {
  beforeEach(forgetFoundBrowsers);

  /** A system where `install` makes /usr/bin/chromium appear; records what it said and ran. */
  function deps(opts: { isRoot: boolean; osRelease?: string; installWorks?: boolean }) {
    const files: Record<string, string> = {};
    const said: string[] = [];
    const ran: string[] = [];
    const fake: FindDeps = {
      system: system({ files }),
      isRoot: opts.isRoot,
      osRelease: () => (opts.osRelease === undefined ? undefined : parseOsRelease(opts.osRelease)),
      run(command) {
        ran.push(command.join(' '));
        if (command.includes('install') && opts.installWorks !== false)
          Object.assign(files, exe('/usr/bin/chromium'));
        return 0;
      },
      versionOf: () => undefined,
      say: (line) => said.push(line),
      exclusive: (install) => install(),
    };
    return { fake, said, ran, files };
  }

  it('as root on Debian, installs Chromium after saying so in one line, then finds it', () => {
    const { fake, said, ran } = deps({ isRoot: true, osRelease: 'ID=debian' });
    expect(findBrowser('chromium', fake)).toMatchObject({ path: '/usr/bin/chromium' });
    expect(said).toEqual([
      "no Chromium found: installing Debian's chromium package (apt-get install chromium chromium-l10n fonts-liberation)…",
    ]);
    expect(ran).toEqual([
      'apt-get update -qq',
      'apt-get install -y -qq --no-install-recommends chromium chromium-l10n fonts-liberation',
    ]);
  });

  it.each([
    [
      'not root on Debian',
      { isRoot: false, osRelease: 'ID=debian' },
      'sudo apt install chromium chromium-l10n',
    ],
    ['root on Fedora', { isRoot: true, osRelease: 'ID=fedora' }, 'sudo dnf install chromium'],
  ])('%s: installs nothing and throws the one line', (_, opts, hint) => {
    const { fake, said, ran } = deps(opts);
    expect(() => findBrowser('chromium', fake)).toThrow(BrowserNotFound);
    expect(() => findBrowser('chromium', fake)).toThrow(`\`${hint}\``);
    expect([said, ran]).toEqual([[], []]);
  });

  it('takes what another process installed while this one waited for the lock', () => {
    const { fake, said, ran, files } = deps({ isRoot: true, osRelease: 'ID=debian' });
    fake.exclusive = (install) => {
      Object.assign(files, exe('/usr/bin/chromium'));
      return install();
    };
    expect(findBrowser('chromium', fake)).toMatchObject({ path: '/usr/bin/chromium' });
    expect([said, ran]).toEqual([[], []]);
  });

  it('throws when an install fails', () => {
    const { fake } = deps({ isRoot: true, osRelease: 'ID=debian' });
    fake.run = () => 100;
    expect(() => findBrowser('chromium', fake)).toThrow(
      'Installing a browser failed: `apt-get update -qq` ended with exit status 100.',
    );
  });

  it('throws when the install leaves no browser behind', () => {
    const { fake } = deps({ isRoot: true, osRelease: 'ID=debian', installWorks: false });
    expect(() => findBrowser('chromium', fake)).toThrow(BrowserNotFound);
  });

  it('looks once per process', () => {
    const { fake, ran } = deps({ isRoot: true, osRelease: 'ID=debian' });
    const first = findBrowser('chromium', fake);
    expect(findBrowser('chromium', fake)).toBe(first);
    expect(ran).toHaveLength(2);
  });
});

describe('scratchDir', () => {
  it('is the temp folder, or a snap’s own folder in home', () => {
    const chromium = {
      family: 'chromium',
      path: '/usr/bin/chromium',
      name: 'Chromium',
      branded: false,
    } as const;
    expect(scratchDir(chromium, '/home/maya', '/tmp')).toBe('/tmp');
    expect(
      scratchDir({ ...chromium, path: '/snap/bin/chromium', snap: 'chromium' }, '/home/maya', '/tmp'),
    ).toBe('/home/maya/snap/chromium/common');
  });
});

describe('findBrowser and the browser’s version', () => {
  beforeEach(forgetFoundBrowsers);

  /** Debian with Firefox ESR `version` installed; an install (apt-get install) makes it `updatesTo`. */
  function debian(opts: { isRoot: boolean; version: string; updatesTo?: string; configured?: boolean }) {
    let version = opts.version;
    const said: string[] = [];
    const ran: string[] = [];
    const fake: FindDeps = {
      system: system({
        files: exe('/usr/bin/firefox-esr'),
        ...(opts.configured ? { env: { HOMEWARD_FIREFOX: '/usr/bin/firefox-esr' } } : {}),
      }),
      isRoot: opts.isRoot,
      osRelease: () => parseOsRelease('ID=debian'),
      run(command) {
        ran.push(command.join(' '));
        if (command.includes('install') && opts.updatesTo) version = opts.updatesTo;
        return 0;
      },
      versionOf: () => version,
      say: (line) => said.push(line),
      exclusive: (install) => install(),
    };
    return { fake, said, ran };
  }

  it('reads the major version of the browsers’ --version lines', () => {
    expect(majorVersion('Mozilla Firefox 153.8.0esr')).toBe(153);
    expect(majorVersion('Chromium 156.0.8078.129 built on Debian GNU/Linux 12 (bookworm)')).toBe(156);
    expect(majorVersion('Google Chrome for Testing 131.0.6778.85')).toBe(131);
    expect(majorVersion('no version here')).toBeUndefined();
  });

  it('takes a Firefox as new as the add-on’s minimum, and one that prints no version', () => {
    expect(
      findBrowser(
        'firefox',
        debian({ isRoot: false, version: `Mozilla Firefox ${MIN_MAJOR.firefox}.0esr` }).fake,
      ),
    ).toMatchObject({ path: '/usr/bin/firefox-esr' });
    forgetFoundBrowsers();
    expect(findBrowser('firefox', debian({ isRoot: false, version: '' }).fake)).toMatchObject({
      path: '/usr/bin/firefox-esr',
    });
  });

  it('not root: an older Firefox is one line naming the update command, apt-get update first', () => {
    const { fake, said, ran } = debian({ isRoot: false, version: 'Mozilla Firefox 140.12.0esr' });
    expect(() => findBrowser('firefox', fake)).toThrow(BrowserNotFound);
    expect(() => findBrowser('firefox', fake)).toThrow(
      'Mozilla Firefox 140.12.0esr at /usr/bin/firefox-esr is older than the 142 Homeward needs: update it with ' +
        '`sudo apt-get update && sudo apt install firefox-esr firefox-esr-l10n-de firefox-esr-l10n-ja`, ' +
        'or set HOMEWARD_FIREFOX to a newer one.',
    );
    expect([said, ran]).toEqual([[], []]);
  });

  it('as root on Debian, updates an older Firefox after saying so, then takes it', () => {
    const { fake, said, ran } = debian({
      isRoot: true,
      version: 'Mozilla Firefox 140.12.0esr',
      updatesTo: 'Mozilla Firefox 153.8.0esr',
    });
    expect(findBrowser('firefox', fake)).toMatchObject({ path: '/usr/bin/firefox-esr' });
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(
      /^Mozilla Firefox 140\.12\.0esr at \/usr\/bin\/firefox-esr is older than the 142 /,
    );
    expect(ran[0]).toBe('apt-get update -qq');
    expect(ran[1]).toMatch(/^apt-get install .*firefox-esr/);
  });

  it('as root, an update that leaves it older throws; a browser the person chose is never updated', () => {
    const stale = debian({ isRoot: true, version: 'Mozilla Firefox 140.12.0esr' });
    expect(() => findBrowser('firefox', stale.fake)).toThrow(
      /and updating it left Mozilla Firefox 140\.12\.0esr/,
    );
    const chosen = debian({ isRoot: true, version: 'Mozilla Firefox 140.12.0esr', configured: true });
    expect(() => findBrowser('firefox', chosen.fake)).toThrow('or set HOMEWARD_FIREFOX to a newer one.');
    expect(chosen.ran).toEqual([]);
  });
});
