/**
 * Finds the browsers the demo, the screenshots, the bench and the tests drive: the executable named by
 * HOMEWARD_CHROMIUM / HOMEWARD_FIREFOX, else the first of the usual places on this system. The search itself is a
 * pure function of a `SearchSystem` (platform, environment, file checks), so tests run it against made-up systems;
 * `findBrowser` gives it the real one and, as root on Debian or Ubuntu, installs a missing browser itself.
 */
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { cp } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIN_CHROME, MIN_FIREFOX } from '../../utils/browser-support';

export type BrowserFamily = 'chromium' | 'firefox';

export interface FoundBrowser {
  family: BrowserFamily;
  /** The executable. */
  path: string;
  /** What it is, for one line of output ("Chromium", "Chrome for Testing (Playwright)", "Firefox ESR"…). */
  name: string;
  /**
   * Google Chrome or Microsoft Edge: since Chrome 137 the branded builds ignore --load-extension (Chromium and
   * Chrome for Testing keep it), so the harness loads the extension over the DevTools protocol instead.
   */
  branded: boolean;
  /**
   * The snap's name when snapd confines the browser: it then has a /tmp of its own and sees only the home folder,
   * so profiles and the extension must live where both sides can read them (scratchDir, extensionDirFor).
   */
  snap?: string;
}

/** Everything the search looks at, so that tests can hand it a made-up system. */
export interface SearchSystem {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  /** A regular file this process may execute. */
  isExecutable(file: string): boolean;
  /** The names in a directory; none when it does not exist. */
  list(dir: string): readonly string[];
  /** The first bytes of a file as text ('' when unreadable): tells a wrapper script from a browser. */
  head(file: string): string;
}

/** The one error the search throws: its message is one line, meant to be printed as it is. */
export class BrowserNotFound extends Error {
  override readonly name = 'BrowserNotFound';
}

export const BROWSER_ENV: Record<BrowserFamily, string> = {
  chromium: 'HOMEWARD_CHROMIUM',
  firefox: 'HOMEWARD_FIREFOX',
};

interface Candidate {
  /** An absolute path; a `*` inside one segment matches any names there, the highest version first. */
  pattern: string;
  name: string;
  branded?: boolean;
}

const pathApi = (platform: NodeJS.Platform) => (platform === 'win32' ? path.win32 : path.posix);

/** Playwright's browser cache (its registry: PLAYWRIGHT_BROWSERS_PATH, else the OS cache folder). */
function playwrightCache(sys: SearchSystem): string {
  const p = pathApi(sys.platform);
  const configured = sys.env['PLAYWRIGHT_BROWSERS_PATH'];
  if (configured && configured !== '0') return configured;
  if (sys.platform === 'darwin') return p.join(sys.home, 'Library', 'Caches', 'ms-playwright');
  if (sys.platform === 'win32') {
    return p.join(sys.env['LOCALAPPDATA'] ?? p.join(sys.home, 'AppData', 'Local'), 'ms-playwright');
  }
  return p.join(sys.env['XDG_CACHE_HOME'] ?? p.join(sys.home, '.cache'), 'ms-playwright');
}

/** Puppeteer's browser cache (@puppeteer/browsers: PUPPETEER_CACHE_DIR, else ~/.cache/puppeteer everywhere). */
function puppeteerCache(sys: SearchSystem): string {
  return sys.env['PUPPETEER_CACHE_DIR'] ?? pathApi(sys.platform).join(sys.home, '.cache', 'puppeteer');
}

/** A macOS app's executable in /Applications, then in ~/Applications. */
function macApp(sys: SearchSystem, app: string, binary: string, name: string, branded = false): Candidate[] {
  return ['/Applications', `${sys.home}/Applications`].map((dir) => ({
    pattern: `${dir}/${app}.app/Contents/MacOS/${binary}`,
    name,
    branded,
  }));
}

/** A Windows program under each of these environment folders that is set. */
function windowsProgram(
  sys: SearchSystem,
  roots: readonly string[],
  rest: string,
  name: string,
  branded = false,
): Candidate[] {
  return roots.flatMap((variable) => {
    const root = sys.env[variable];
    return root ? [{ pattern: path.win32.join(root, rest), name, branded }] : [];
  });
}

const PROGRAM_FILES = ['PROGRAMFILES', 'PROGRAMFILES(X86)'];
const EVERY_PROGRAM_ROOT = ['LOCALAPPDATA', ...PROGRAM_FILES];

/**
 * Chromium-family executables in the order they are tried: Chromium and Chrome for Testing (which load an
 * unpacked extension from the command line) first, then Brave, then branded Google Chrome and Microsoft Edge.
 * Flatpak builds are left out: `flatpak run` gives the browser a /tmp of its own and passes Playwright's debugging
 * pipe (file descriptors 3 and 4) through bubblewrap and zypak, which nothing here has been checked with.
 */
function chromiumCandidates(sys: SearchSystem): Candidate[] {
  const p = pathApi(sys.platform);
  const playwright = playwrightCache(sys);
  const puppeteer = p.join(puppeteerCache(sys), 'chrome');
  if (sys.platform === 'darwin') {
    const cft = 'Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing';
    return [
      ...macApp(sys, 'Chromium', 'Chromium', 'Chromium'),
      ...macApp(sys, 'Google Chrome for Testing', 'Google Chrome for Testing', 'Chrome for Testing'),
      {
        pattern: `${playwright}/chromium-*/chrome-mac-arm64/${cft}`,
        name: 'Chrome for Testing (Playwright)',
      },
      { pattern: `${playwright}/chromium-*/chrome-mac-x64/${cft}`, name: 'Chrome for Testing (Playwright)' },
      {
        pattern: `${playwright}/chromium-*/chrome-mac/Chromium.app/Contents/MacOS/Chromium`,
        name: 'Chromium (Playwright)',
      },
      { pattern: `${puppeteer}/mac_arm-*/chrome-mac-arm64/${cft}`, name: 'Chrome for Testing (Puppeteer)' },
      { pattern: `${puppeteer}/mac-*/chrome-mac-x64/${cft}`, name: 'Chrome for Testing (Puppeteer)' },
      ...macApp(sys, 'Brave Browser', 'Brave Browser', 'Brave'),
      ...macApp(sys, 'Google Chrome', 'Google Chrome', 'Google Chrome', true),
      ...macApp(sys, 'Microsoft Edge', 'Microsoft Edge', 'Microsoft Edge', true),
    ];
  }
  if (sys.platform === 'win32') {
    return [
      ...windowsProgram(sys, EVERY_PROGRAM_ROOT, 'Chromium\\Application\\chrome.exe', 'Chromium'),
      {
        pattern: p.join(playwright, 'chromium-*', 'chrome-win64', 'chrome.exe'),
        name: 'Chrome for Testing (Playwright)',
      },
      {
        pattern: p.join(playwright, 'chromium-*', 'chrome-win', 'chrome.exe'),
        name: 'Chromium (Playwright)',
      },
      {
        pattern: p.join(puppeteer, 'win64-*', 'chrome-win64', 'chrome.exe'),
        name: 'Chrome for Testing (Puppeteer)',
      },
      ...windowsProgram(
        sys,
        EVERY_PROGRAM_ROOT,
        'BraveSoftware\\Brave-Browser\\Application\\brave.exe',
        'Brave',
      ),
      ...windowsProgram(
        sys,
        EVERY_PROGRAM_ROOT,
        'Google\\Chrome\\Application\\chrome.exe',
        'Google Chrome',
        true,
      ),
      ...windowsProgram(
        sys,
        EVERY_PROGRAM_ROOT,
        'Microsoft\\Edge\\Application\\msedge.exe',
        'Microsoft Edge',
        true,
      ),
    ];
  }
  return [
    // Debian, Arch and openSUSE install /usr/bin/chromium; Fedora /usr/bin/chromium-browser (on Ubuntu that name is
    // a script that starts the snap, which `head` tells apart).
    { pattern: '/usr/bin/chromium', name: 'Chromium' },
    { pattern: '/usr/bin/chromium-browser', name: 'Chromium' },
    { pattern: `${playwright}/chromium-*/chrome-linux64/chrome`, name: 'Chrome for Testing (Playwright)' },
    {
      pattern: `${playwright}/chromium-*/chrome-linux-arm64/chrome`,
      name: 'Chrome for Testing (Playwright)',
    },
    { pattern: `${playwright}/chromium-*/chrome-linux/chrome`, name: 'Chromium (Playwright)' },
    { pattern: `${puppeteer}/linux-*/chrome-linux64/chrome`, name: 'Chrome for Testing (Puppeteer)' },
    { pattern: '/snap/bin/chromium', name: 'Chromium (snap)' },
    { pattern: '/usr/bin/brave-browser', name: 'Brave' },
    { pattern: '/opt/brave.com/brave/brave', name: 'Brave' },
    { pattern: '/usr/bin/google-chrome', name: 'Google Chrome', branded: true },
    { pattern: '/usr/bin/google-chrome-stable', name: 'Google Chrome', branded: true },
    { pattern: '/opt/google/chrome/chrome', name: 'Google Chrome', branded: true },
    { pattern: '/usr/bin/microsoft-edge', name: 'Microsoft Edge', branded: true },
    { pattern: '/usr/bin/microsoft-edge-stable', name: 'Microsoft Edge', branded: true },
    { pattern: '/opt/microsoft/msedge/msedge', name: 'Microsoft Edge', branded: true },
  ];
}

/** Firefox executables in the order they are tried: ESR and release first, then Developer Edition and Nightly. */
function firefoxCandidates(sys: SearchSystem): Candidate[] {
  const p = pathApi(sys.platform);
  const puppeteer = p.join(puppeteerCache(sys), 'firefox');
  if (sys.platform === 'darwin') {
    return [
      ...macApp(sys, 'Firefox', 'firefox', 'Firefox'),
      { pattern: `${puppeteer}/mac*-*/Firefox.app/Contents/MacOS/firefox`, name: 'Firefox (Puppeteer)' },
      ...macApp(sys, 'Firefox Developer Edition', 'firefox', 'Firefox Developer Edition'),
      ...macApp(sys, 'Firefox Nightly', 'firefox', 'Firefox Nightly'),
    ];
  }
  if (sys.platform === 'win32') {
    return [
      ...windowsProgram(sys, EVERY_PROGRAM_ROOT, 'Mozilla Firefox\\firefox.exe', 'Firefox'),
      { pattern: p.join(puppeteer, 'win64-*', 'core', 'firefox.exe'), name: 'Firefox (Puppeteer)' },
      ...windowsProgram(
        sys,
        PROGRAM_FILES,
        'Firefox Developer Edition\\firefox.exe',
        'Firefox Developer Edition',
      ),
      ...windowsProgram(sys, PROGRAM_FILES, 'Firefox Nightly\\firefox.exe', 'Firefox Nightly'),
    ];
  }
  return [
    { pattern: '/usr/bin/firefox-esr', name: 'Firefox ESR' },
    // Fedora's and Arch's /usr/bin/firefox is a script that starts the real one; Ubuntu's starts the snap.
    { pattern: '/usr/bin/firefox', name: 'Firefox' },
    { pattern: '/usr/lib/firefox-esr/firefox-esr', name: 'Firefox ESR' },
    { pattern: '/usr/lib/firefox*/firefox', name: 'Firefox' },
    { pattern: '/usr/lib64/firefox*/firefox', name: 'Firefox' },
    { pattern: '/opt/firefox/firefox', name: 'Firefox' },
    { pattern: `${puppeteer}/linux*-*/firefox/firefox`, name: 'Firefox (Puppeteer)' },
    { pattern: '/snap/bin/firefox', name: 'Firefox (snap)' },
    { pattern: '/usr/bin/firefox-developer-edition', name: 'Firefox Developer Edition' },
    { pattern: '/usr/bin/firefox-nightly', name: 'Firefox Nightly' },
  ];
}

/** Highest version first: "chromium-1255" before "chromium-1200", "linux-139.0" before "linux-99.0". */
const newestFirst = (a: string, b: string): number => b.localeCompare(a, 'en', { numeric: true });

/** Every existing path a pattern names, a `*` per segment matched against the directory's entries. */
function expand(pattern: string, sys: SearchSystem): string[] {
  const star = pattern.indexOf('*');
  if (star < 0) return [pattern];
  const sep = pathApi(sys.platform).sep;
  const dirEnd = pattern.lastIndexOf(sep, star);
  const segmentEnd = pattern.indexOf(sep, star);
  const dir = pattern.slice(0, dirEnd) || sep;
  const segment = pattern.slice(dirEnd + 1, segmentEnd < 0 ? undefined : segmentEnd);
  const rest = segmentEnd < 0 ? '' : pattern.slice(segmentEnd);
  const escaped = segment.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const matches = new RegExp(`^${escaped.join('.*')}$`);
  return [...sys.list(dir)]
    .filter((name) => matches.test(name))
    .sort(newestFirst)
    .flatMap((name) => expand(`${dir === sep ? '' : dir}${sep}${name}${rest}`, sys));
}

/** Ubuntu's /usr/bin/chromium-browser and /usr/bin/firefox are scripts that exec /snap/bin/…, tried on its own. */
function startsSnap(file: string, sys: SearchSystem): boolean {
  const head = sys.head(file);
  return head.startsWith('#!') && head.includes('/snap/bin/');
}

const BRANDED_PATH =
  /google-chrome|\/opt\/google\/chrome\/|Google Chrome\.app|\\Google\\Chrome\\|microsoft-edge|msedge|Microsoft Edge/i;

/** What the search finds for a family on this system, or undefined; a bad HOMEWARD_* variable throws. */
export function locateBrowser(family: BrowserFamily, sys: SearchSystem): FoundBrowser | undefined {
  const variable = BROWSER_ENV[family];
  const configured = sys.env[variable];
  if (configured) {
    if (!sys.isExecutable(configured)) {
      const wanted = family === 'chromium' ? 'Chromium or Chrome for Testing' : 'Firefox';
      throw new BrowserNotFound(
        `${variable}=${configured} is not an executable file: point it at ${wanted}, or unset it to search the usual places.`,
      );
    }
    const branded = family === 'chromium' && BRANDED_PATH.test(configured);
    const snap = /^\/snap\/bin\/([^/]+)$/.exec(configured)?.[1];
    return { family, path: configured, name: variable, branded, ...(snap ? { snap } : {}) };
  }
  const candidates = family === 'chromium' ? chromiumCandidates(sys) : firefoxCandidates(sys);
  for (const candidate of candidates) {
    for (const file of expand(candidate.pattern, sys)) {
      if (!sys.isExecutable(file) || startsSnap(file, sys)) continue;
      const snap = /^\/snap\/bin\/([^/]+)$/.exec(file)?.[1];
      return {
        family,
        path: file,
        name: candidate.name,
        branded: candidate.branded ?? false,
        ...(snap ? { snap } : {}),
      };
    }
  }
  return undefined;
}

/** The fields of /etc/os-release that say which distribution's packages apply. */
export interface OsRelease {
  id: string;
  idLike: readonly string[];
}

export function parseOsRelease(text: string): OsRelease {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) fields.set(match[1]!, match[2]!.replace(/^["']|["']$/g, ''));
  }
  return {
    id: (fields.get('ID') ?? '').toLowerCase(),
    idLike: (fields.get('ID_LIKE') ?? '').toLowerCase().split(/\s+/).filter(Boolean),
  };
}

type Distro = 'debian' | 'ubuntu' | 'fedora' | 'arch' | 'suse' | 'other';

function distroOf(os: OsRelease | undefined): Distro {
  if (!os) return 'other';
  const ids = [os.id, ...os.idLike];
  // Ubuntu (and Mint, Pop!_OS…) say ID_LIKE=debian too, but package browsers differently: Ubuntu first.
  if (ids.includes('ubuntu')) return 'ubuntu';
  if (ids.includes('debian')) return 'debian';
  if (ids.some((id) => ['fedora', 'rhel', 'centos'].includes(id))) return 'fedora';
  if (ids.includes('arch')) return 'arch';
  if (ids.some((id) => id.startsWith('opensuse') || id === 'suse')) return 'suse';
  return 'other';
}

export interface InstallPlan {
  /** One command a person runs to install the browser on this system. */
  hint: string;
  /** Where the search may install it itself when it runs as root: what it says first, then the commands. */
  asRoot?: { say: string; commands: readonly (readonly string[])[] };
}

const PLAYWRIGHT_CFT = 'npx playwright-core install --no-shell chromium';
const PUPPETEER_FIREFOX = 'npx @puppeteer/browsers install firefox@stable --path ~/.cache/puppeteer';

/**
 * How to install a missing browser here. Debian packages chromium and firefox-esr. Ubuntu's chromium-browser and
 * (since 22.04) firefox packages only install snaps, which a container without snapd cannot run, so there the
 * browsers come from Playwright's Chrome for Testing download (playwright-core is a dev dependency) and Mozilla's
 * Firefox release through @puppeteer/browsers, both into the caches the search looks in. On macOS Homebrew's
 * chromium cask is an unsigned build that Gatekeeper quarantines, so Chrome for Testing is proposed there too.
 */
/** Debian's language packs for the browsers: Chromium's locale files, Firefox ESR's German and Japanese. */
export const DEBIAN_LANGUAGE_PACKS: Record<BrowserFamily, readonly string[]> = {
  chromium: ['chromium-l10n'],
  firefox: ['firefox-esr-l10n-de', 'firefox-esr-l10n-ja'],
};

export function installPlan(family: BrowserFamily, platform: NodeJS.Platform, os?: OsRelease): InstallPlan {
  if (platform === 'darwin') {
    return { hint: family === 'chromium' ? PLAYWRIGHT_CFT : 'brew install --cask firefox' };
  }
  if (platform === 'win32') {
    return { hint: family === 'chromium' ? PLAYWRIGHT_CFT : 'winget install Mozilla.Firefox' };
  }
  const distro = distroOf(os);
  if (distro === 'debian') {
    const pkg = family === 'chromium' ? 'chromium' : 'firefox-esr';
    // With the language packs the e2e suite's German and Japanese browsers need (tests/e2e/i18n.e2e.ts).
    const packs = DEBIAN_LANGUAGE_PACKS[family];
    return {
      hint: `sudo apt install ${pkg} ${packs.join(' ')}`,
      asRoot: {
        say: `no ${family === 'chromium' ? 'Chromium' : 'Firefox'} found: installing Debian's ${pkg} package (apt-get install ${pkg} ${packs.join(' ')} fonts-liberation)…`,
        commands: [
          ['apt-get', 'update', '-qq'],
          ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', pkg, ...packs, 'fonts-liberation'],
        ],
      },
    };
  }
  if (distro === 'ubuntu') {
    if (family === 'chromium') {
      return {
        hint: 'npx playwright-core install --with-deps --no-shell chromium',
        asRoot: {
          say: "no Chromium found, and Ubuntu's package is a snap: installing Chrome for Testing (npx playwright-core install --with-deps --no-shell chromium)…",
          commands: [['npx', 'playwright-core', 'install', '--with-deps', '--no-shell', 'chromium']],
        },
      };
    }
    return {
      hint: PUPPETEER_FIREFOX,
      asRoot: {
        say: `no Firefox found, and Ubuntu's package is a snap: installing its libraries (npx playwright-core install-deps firefox) and Mozilla's Firefox (${PUPPETEER_FIREFOX})…`,
        commands: [
          ['npx', 'playwright-core', 'install-deps', 'firefox'],
          ['npx', '@puppeteer/browsers', 'install', 'firefox@stable', '--path', '~/.cache/puppeteer'],
        ],
      },
    };
  }
  const packaged: Partial<Record<Distro, Record<BrowserFamily, string>>> = {
    fedora: { chromium: 'sudo dnf install chromium', firefox: 'sudo dnf install firefox' },
    arch: { chromium: 'sudo pacman -S chromium', firefox: 'sudo pacman -S firefox' },
    suse: { chromium: 'sudo zypper install chromium', firefox: 'sudo zypper install MozillaFirefox' },
  };
  return { hint: packaged[distro]?.[family] ?? (family === 'chromium' ? PLAYWRIGHT_CFT : PUPPETEER_FIREFOX) };
}

/** The one line BrowserNotFound says when nothing was found. */
export function notFoundMessage(family: BrowserFamily, plan: InstallPlan): string {
  const what = family === 'chromium' ? 'Chromium (or Chrome for Testing)' : 'Firefox';
  const example = family === 'chromium' ? '/path/to/chromium' : '/path/to/firefox';
  return `Homeward needs ${what} and found none: install it with \`${plan.hint}\`, or set ${BROWSER_ENV[family]}=${example}.`;
}

/** "Chromium at /usr/bin/chromium", for the line the demo and the tests print before they start. */
export function describeBrowser(browser: FoundBrowser): string {
  const how = browser.branded
    ? ' (branded: it ignores --load-extension, so the extension is loaded over CDP)'
    : '';
  return `${browser.name} at ${browser.path}${how}`;
}

/** The real system, read through node:fs. */
export function realSystem(): SearchSystem {
  return {
    platform: process.platform,
    env: process.env,
    home: homedir(),
    isExecutable(file) {
      try {
        if (!statSync(file).isFile()) return false;
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
    list(dir) {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    },
    head(file) {
      try {
        const fd = openSync(file, 'r');
        try {
          const buffer = Buffer.alloc(4096);
          return buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0));
        } finally {
          closeSync(fd);
        }
      } catch {
        return '';
      }
    },
  };
}

/** What findBrowser does besides looking, so tests can run it without installing anything. */
export interface FindDeps {
  system: SearchSystem;
  isRoot: boolean;
  osRelease(): OsRelease | undefined;
  /** Runs a command (`~/` expanded), returning its exit status, or an error message when it could not start. */
  run(command: readonly string[]): number | string;
  /** What `<path> --version` printed, or undefined when it printed nothing or failed. */
  versionOf(path: string): string | undefined;
  say(line: string): void;
  /** Runs `install` while no other process of this machine installs a browser (test workers search at once). */
  exclusive<T>(install: () => T): T;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The real effects: this process's user, /etc/os-release, spawned commands, stderr, a lock in .output/. */
export function realDeps(): FindDeps {
  const system = realSystem();
  return {
    system,
    isRoot: process.getuid?.() === 0,
    osRelease() {
      try {
        return parseOsRelease(readFileSync('/etc/os-release', 'utf8'));
      } catch {
        return undefined;
      }
    },
    run(command) {
      // Puppeteer's cache where the search looks for it (puppeteerCache): PUPPETEER_CACHE_DIR when set.
      const cache = system.env['PUPPETEER_CACHE_DIR'];
      const [program, ...args] = command.map((arg) =>
        cache && arg === '~/.cache/puppeteer' ? cache : arg.replace(/^~\//, `${system.home}/`),
      );
      // The installers' progress is not this program's output: only their errors are shown.
      const result = spawnSync(program!, args, {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
      return result.error ? result.error.message : (result.status ?? 1);
    },
    versionOf(file) {
      const result = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 30_000 });
      return result.stdout?.trim() || undefined;
    },
    say: (line) => console.error(`Homeward: ${line}`),
    exclusive: installLock,
  };
}

/** In the checkout's own build folder, not the shared temp folder, where any local user could hold it. */
const INSTALL_LOCK = path.join(REPO_ROOT, '.output', 'browser-install.lock');
/** Longer than an install takes on a slow line; a lock this old was left by a killed process. */
const INSTALL_LOCK_MS = 15 * 60_000;

/** A directory as the lock (mkdir is atomic), waited on synchronously: the search is synchronous. */
function installLock<T>(install: () => T): T {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + INSTALL_LOCK_MS;
  for (;;) {
    try {
      mkdirSync(path.dirname(INSTALL_LOCK), { recursive: true });
      mkdirSync(INSTALL_LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const age = Date.now() - (statSync(INSTALL_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > INSTALL_LOCK_MS) rmSync(INSTALL_LOCK, { recursive: true, force: true });
    else if (Date.now() > deadline) {
      throw new BrowserNotFound(`Another browser install has held ${INSTALL_LOCK} for too long: remove it.`);
    } else Atomics.wait(pause, 0, 0, 500);
  }
  try {
    return install();
  } finally {
    rmSync(INSTALL_LOCK, { recursive: true, force: true });
  }
}

const found = new Map<BrowserFamily, FoundBrowser>();

/**
 * The browser of this family, looked for once per process. When none is found and this runs as root on Debian or
 * Ubuntu, installs one (saying so in one line) and looks again; otherwise throws BrowserNotFound, whose one-line
 * message names the command that installs it here.
 */
export function findBrowser(family: BrowserFamily, deps: FindDeps = realDeps()): FoundBrowser {
  const known = found.get(family);
  if (known) return known;
  const located = locateBrowser(family, deps.system) ?? installAndLocate(family, deps);
  const recent = recentEnough(located, deps);
  found.set(family, recent);
  return recent;
}

/** The oldest major version the build supports (utils/browser-support.ts). */
export const MIN_MAJOR: Record<BrowserFamily, number> = {
  chromium: Number.parseInt(MIN_CHROME, 10),
  firefox: Number.parseInt(MIN_FIREFOX, 10),
};

/** The major version in a `--version` line ("Mozilla Firefox 153.8.0esr", "Chromium 156.0.8078.129 …"). */
export function majorVersion(line: string): number | undefined {
  const match = /(\d+)\.\d+/.exec(line);
  return match ? Number(match[1]) : undefined;
}

/**
 * `browser`, when its version is one the build supports (or says no version: then the launch tells). An older one
 * is updated the way a missing one is installed (as root on Debian: Debian's package, after `apt-get update`, which
 * a fresh machine needs: without it Debian 12 installed Firefox ESR 140, which refuses the add-on); otherwise the
 * one line says how to update it.
 */
function recentEnough(browser: FoundBrowser, deps: FindDeps): FoundBrowser {
  const line = deps.versionOf(browser.path);
  const major = line === undefined ? undefined : majorVersion(line);
  if (major === undefined || major >= MIN_MAJOR[browser.family]) return browser;
  const plan = installPlan(browser.family, deps.system.platform, deps.osRelease());
  const old = `${line} at ${browser.path} is older than the ${MIN_MAJOR[browser.family]} Homeward needs`;
  const configured = browser.name === BROWSER_ENV[browser.family];
  if (plan.asRoot && deps.isRoot && !configured) {
    deps.say(`${old}: updating it (${plan.asRoot.commands.map((c) => c.join(' ')).join('; ')})…`);
    return deps.exclusive(() => {
      // Another process may have updated it while this one waited.
      const meanwhile = locateBrowser(browser.family, deps.system);
      const seen = meanwhile ? deps.versionOf(meanwhile.path) : undefined;
      const seenMajor = seen === undefined ? undefined : majorVersion(seen);
      if (meanwhile && seenMajor !== undefined && seenMajor >= MIN_MAJOR[browser.family]) return meanwhile;
      runAll(plan.asRoot!.commands, deps);
      const updated = locateBrowser(browser.family, deps.system);
      const now = updated ? deps.versionOf(updated.path) : undefined;
      const nowMajor = now === undefined ? undefined : majorVersion(now);
      if (!updated || (nowMajor !== undefined && nowMajor < MIN_MAJOR[browser.family])) {
        throw new BrowserNotFound(`${old}, and updating it left ${now ?? 'none'}: ${plan.hint}`);
      }
      return updated;
    });
  }
  const update = plan.hint.startsWith('sudo apt ') ? `sudo apt-get update && ${plan.hint}` : plan.hint;
  throw new BrowserNotFound(
    `${old}: update it with \`${update}\`, or set ${BROWSER_ENV[browser.family]} to a newer one.`,
  );
}

function runAll(commands: readonly (readonly string[])[], deps: FindDeps): void {
  for (const command of commands) {
    const outcome = deps.run(command);
    if (outcome !== 0) {
      const why = typeof outcome === 'string' ? outcome : `exit status ${outcome}`;
      throw new BrowserNotFound(`Installing a browser failed: \`${command.join(' ')}\` ended with ${why}.`);
    }
  }
}

function installAndLocate(family: BrowserFamily, deps: FindDeps): FoundBrowser {
  const plan = installPlan(family, deps.system.platform, deps.osRelease());
  const asRoot = plan.asRoot;
  if (!asRoot || !deps.isRoot) throw new BrowserNotFound(notFoundMessage(family, plan));
  return deps.exclusive(() => {
    // Another process may have installed it while this one waited.
    const meanwhile = locateBrowser(family, deps.system);
    if (meanwhile) return meanwhile;
    deps.say(asRoot.say);
    runAll(asRoot.commands, deps);
    const installed = locateBrowser(family, deps.system);
    if (!installed) {
      throw new BrowserNotFound(
        `Installing a browser ran without error but left none where Homeward looks: ${plan.hint}`,
      );
    }
    return installed;
  });
}

/**
 * Where a temporary profile (and anything else the browser must read) goes: the system's temp folder, except for
 * a snap, which has a /tmp of its own and reaches the home folder only; its own ~/snap/<name>/common is always
 * readable to it.
 */
export function scratchDir(browser: FoundBrowser, home = homedir(), tmp = tmpdir()): string {
  return browser.snap ? path.join(home, 'snap', browser.snap, 'common') : tmp;
}

/**
 * The extension folder this browser is to load: `dir` itself, or for a snap (which may not reach a checkout
 * outside the home folder) a copy inside the profile, which lives in scratchDir.
 */
export async function extensionDirFor(
  browser: FoundBrowser,
  dir: string,
  profileDir: string,
): Promise<string> {
  if (!browser.snap) return dir;
  const copy = path.join(profileDir, 'homeward-extension');
  await cp(dir, copy, { recursive: true, force: true });
  return copy;
}

/** For command-line entry points: BrowserNotFound becomes its one line on stderr and exit status 1. */
export function exitOnBrowserNotFound(error: unknown): never {
  if (error instanceof BrowserNotFound) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

/** For tests of findBrowser: forgets what earlier calls found. */
export function forgetFoundBrowsers(): void {
  found.clear();
}

/**
 * Both browsers, found (or installed) before a test run starts, so that a missing one is one line of output and
 * the run's end, not a failed launch with a stack trace in every file that needs it. For Vitest's global setups.
 */
export function requireBrowsers(label: string): void {
  try {
    const found = (['chromium', 'firefox'] as const).map((family) => describeBrowser(findBrowser(family)));
    console.info(`[${label}] ${found.join('; ')}`);
  } catch (error) {
    exitOnBrowserNotFound(error);
  }
}
