/**
 * `npm run bench`: Homeward's speed and size targets, measured in real Chromium against the sandbox fediverse.
 * Prints a table and writes bench/results/latest.json (git-ignored). Run after `npm run build`.
 *
 * While working on one part: BENCH_ONLY=open-at-home (a comma list of size, popup, follow, open-at-home,
 * home-software, dnr-limits, people, people-scan) and
 * BENCH_SAMPLES=4 (samples per open-at-home measurement; the report needs the default).
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INTERACTIVE_MARK, SCRIPT_START_MARK } from '../utils/marks';
import { startSandbox } from '../sandbox';
import { describeBrowser, exitOnBrowserNotFound, findBrowser } from '../sandbox/core/find-browser';
import { HOME } from '../sandbox/hosts';
import { launchChromium } from '../sandbox/harness/chromium';
import { EXTENSION_DIRS } from '../sandbox/harness/extension-build';
import { connectAccount, setHomeServer } from '../sandbox/harness/flows';
import { waitUntil } from '../sandbox/harness/wait';
import { followBench } from './follow';
import { homeSoftwareBench } from './home-software';
import { openAtHomeBench, type OpenAtHomeBench } from './open-at-home';
import { peopleBench, peopleScanBench } from './people';
import { measureSize } from './size';
import { dnrLimitsBench } from './dnr-limits';
import { percentile, type Row } from './stats';

const POPUP_OPENS = 40;
const OPEN_AT_HOME_SAMPLES = 24;

const SECTIONS = [
  'size',
  'popup',
  'follow',
  'open-at-home',
  'home-software',
  'dnr-limits',
  'people',
  'people-scan',
] as const;
type Section = (typeof SECTIONS)[number];
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const runs = (section: Section): boolean => !only || only.includes(section);

interface PopupSample {
  /** Navigation start → the popup shows the stored state and takes input. */
  interactive: number;
  /** The popup's own script start → interactive: Homeward's share, without the browser's page creation. */
  own: number;
}

/**
 * A copy of the Chromium build with one extra page: an empty document whose only script sets the interactive mark.
 * It is the floor any extension page pays on this machine (creating the page, loading a script), measured in the
 * same browser as the popup. The shipped build is untouched.
 */
async function buildWithBaselinePage(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'homeward-bench-'));
  await cp(EXTENSION_DIRS.chromium, dir, { recursive: true });
  await writeFile(
    join(dir, 'bench-baseline.html'),
    '<!doctype html><meta charset="utf-8"><script type="module" src="/bench-baseline.js"></script>',
  );
  await writeFile(join(dir, 'bench-baseline.js'), `performance.mark(${JSON.stringify(INTERACTIVE_MARK)});`);
  return dir;
}

async function popupTimeToInteractive(): Promise<{ popup: PopupSample[]; baseline: number[] }> {
  const sandbox = await startSandbox();
  const extensionDir = await buildWithBaselinePage();
  const session = await launchChromium({ args: sandbox.chromiumArgs(), extensionDir });
  try {
    // Measure the state people live in: a server set and an account connected.
    const setup = await session.openPopup();
    await setHomeServer(setup, HOME);
    await setup.waitForText(HOME, { role: 'status' });
    await connectAccount(session, setup);
    await setup.close();

    const samples: PopupSample[] = [];
    // Page functions are serialized, so the mark names travel inside the source.
    const read = new Function(`
      const at = (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime;
      const interactive = at(${JSON.stringify(INTERACTIVE_MARK)});
      const script = at(${JSON.stringify(SCRIPT_START_MARK)});
      return interactive === undefined ? undefined : { interactive, own: interactive - script };
    `) as () => PopupSample | undefined;
    const baseline: number[] = [];
    // Alternate the two pages so that both see the same machine conditions.
    for (let i = 0; i < POPUP_OPENS; i++) {
      const popup = await session.openPopup();
      samples.push(await waitUntil('the popup to become interactive', () => popup.evaluate(read), 10_000));
      await popup.close();
      const blank = await session.openPage(`${session.extensionOrigin}/bench-baseline.html`);
      baseline.push((await waitUntil('the baseline page', () => blank.evaluate(read), 10_000)).interactive);
      await blank.close();
    }
    return { popup: samples, baseline };
  } finally {
    await session.close();
    await sandbox.close();
    await rm(extensionDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const unknown = only?.filter((name) => !(SECTIONS as readonly string[]).includes(name)) ?? [];
  if (unknown.length)
    throw new Error(`BENCH_ONLY: unknown ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  console.log(`bench: ${describeBrowser(findBrowser('chromium'))}`);
  const rows: Row[] = [];
  const size = measureSize(EXTENSION_DIRS.chromium);
  if (runs('size')) rows.push(...sizeRows(size));
  if (runs('popup')) rows.push(...(await popupRows()));
  const follow = runs('follow') ? await followBench() : undefined;
  rows.push(...(follow?.rows ?? []));
  let openAtHome: OpenAtHomeBench | undefined;
  if (runs('open-at-home')) {
    const samples = Number(process.env.BENCH_SAMPLES ?? OPEN_AT_HOME_SAMPLES);
    if (!Number.isInteger(samples) || samples < 1) throw new Error(`BENCH_SAMPLES: not a count: ${samples}`);
    openAtHome = await openAtHomeBench({ samples });
    rows.push(...openAtHome.rows);
  }

  if (runs('home-software')) rows.push(...(await homeSoftwareBench()));
  if (runs('dnr-limits')) rows.push(...(await dnrLimitsBench()));

  const people = runs('people') ? await peopleBench() : undefined;
  rows.push(...(people?.rows ?? []));
  const peopleScan = runs('people-scan') ? await peopleScanBench() : undefined;
  rows.push(...(peopleScan?.rows ?? []));

  for (const row of rows) {
    const verdict =
      row.target === undefined ? '' : row.value <= row.target ? `  ≤ ${row.target} ✓` : `  > ${row.target} ✗`;
    console.log(`${row.metric.padEnd(48)} ${row.value.toFixed(1).padStart(8)} ${row.unit}${verdict}`);
  }
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  await writeFile(
    `${dir}latest.json`,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        rows,
        size,
        follow: follow?.samples,
        openAtHome: openAtHome?.samples,
        people: people?.samples,
        peopleScan: peopleScan?.samples,
      },
      null,
      2,
    ),
  );
  const missed = rows.filter((r) => r.target !== undefined && r.value > r.target);
  if (missed.length) process.exitCode = 1;
}

function sizeRows(size: ReturnType<typeof measureSize>): Row[] {
  const rows: Row[] = [];
  rows.push({
    metric: 'extension size, total min+gz',
    value: size.totalGzip / 1024,
    unit: 'KB',
    target: 150,
  });
  for (const [name, entry] of Object.entries(size.entrypoints)) {
    rows.push({ metric: `  entrypoint ${name}, min+gz`, value: entry.gzip / 1024, unit: 'KB' });
  }
  const contentScript = size.entrypoints.profile;
  if (contentScript) {
    rows.push({
      metric: `follow content script with its largest language file (${contentScript.files[0]?.replace(/^content-messages\//, '')}), min+gz`,
      value: contentScript.gzip / 1024,
      unit: 'KB',
      target: 25,
    });
  }

  return rows;
}

async function popupRows(): Promise<Row[]> {
  const rows: Row[] = [];
  const { popup, baseline } = await popupTimeToInteractive();
  const tti = popup.map((s) => s.interactive);
  const own = popup.map((s) => s.own);
  const n = popup.length;
  rows.push({ metric: `popup time to interactive p50 (n=${n})`, value: percentile(tti, 50), unit: 'ms' });
  rows.push({
    metric: `popup time to interactive p95 (n=${n})`,
    value: percentile(tti, 95),
    unit: 'ms',
    target: 150,
  });
  rows.push({ metric: `  of which Homeward's script p50`, value: percentile(own, 50), unit: 'ms' });
  rows.push({ metric: `  of which Homeward's script p95`, value: percentile(own, 95), unit: 'ms' });
  rows.push({
    metric: `  an empty extension page, same browser p50`,
    value: percentile(baseline, 50),
    unit: 'ms',
  });
  rows.push({
    metric: `  an empty extension page, same browser p95`,
    value: percentile(baseline, 95),
    unit: 'ms',
  });

  return rows;
}

await main().catch(exitOnBrowserNotFound);
