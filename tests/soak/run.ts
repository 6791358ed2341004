/**
 * `npm run soak [-- --count 1000 --seed 21 --profiles mastodon-4.5,gotosocial]`: the fault soak of issue 21 (what it
 * guarantees: tests/soak/README.md). Drives the built extension in real Chromium against the sandbox through the
 * person's actions while faults are injected, then audits what was asked against what the server did and what the
 * pages show. Prints the table; exits 1 when any count that must be 0 is not. Run after `npm run build`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SOFTWARE_IDS, type SoftwareId } from '../../sandbox/home/software';
import { BRIDGY_FED, HOME, THREADS_FEDERATION } from '../../sandbox/hosts';
import { describeBrowser, exitOnBrowserNotFound, findBrowser } from '../../sandbox/core/find-browser';
import { CHROME_EXTENSION_ID } from '../../sandbox/harness/extension-build';
import { browserRequests } from '../../sandbox/harness/sandbox-log';
import { seeded } from './chaos';
import { withTimeout } from '../../sandbox/harness/wait';
import { Ledger, followsMade, serverFollows } from './ledger';
import { World, type Memory } from './world';

/**
 * Every profile but Mastodon 4.6, which plays 4.5 with Activity Intents in its WebFinger answers: they are read only
 * where Homeward opens something without its token, and the soaked person is signed in. `--profiles` takes it.
 */
const SOAKED = SOFTWARE_IDS.filter((id) => id !== 'mastodon-4.6');

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '21' },
    profiles: { type: 'string', default: SOAKED.join(',') },
    /** The People queue of the first profile; the others' are smaller, for time (README). */
    queue: { type: 'string', default: '300' },
    'queue-others': { type: 'string', default: '50' },
    /** Profiles soaked at once, each with its own sandbox and browser: most of a soak is waiting on the server. */
    parallel: { type: 'string', default: '1' },
    verbose: { type: 'boolean', default: false },
  },
});
const COUNT = Number(values.count);
const SEED = Number(values.seed);
const QUEUE = Number(values.queue);
const PARALLEL = Math.max(1, Number(values.parallel) || 1);
const QUEUE_OTHERS = Number(values['queue-others']);
const PROFILES = values.profiles.split(',').map((p) => p.trim()) as SoftwareId[];
for (const profile of PROFILES)
  if (!SOFTWARE_IDS.includes(profile))
    throw new Error(`unknown profile ${profile}: ${SOFTWARE_IDS.join(', ')}`);
if (!Number.isInteger(COUNT) || COUNT < PROFILES.length) throw new Error('--count: at least one per profile');

/** The only hosts the extension itself may contact: the home server and the networks' WebFinger hosts. */
const EXTENSION_HOSTS = new Set<string>([HOME, ...THREADS_FEDERATION, BRIDGY_FED]);
/**
 * The sign-in's redirect address (https://<id>.chromiumapp.org/): Chromium takes it over while the sign-in is
 * waiting; a sign-in window the soak clicks Authorize in after the extension stopped waiting loads it for real.
 */
const OAUTH_REDIRECT_HOST = `${CHROME_EXTENSION_ID}.chromiumapp.org`;
/** A heap that grows more than this over a run is a leak, not noise (GC'd before each reading). */
const HEAP_NOISE = 1024 * 1024;
/**
 * Heaps are judged over this many operations of a profile or more: over a few dozen, a page's first navigations
 * (code compiled, caches filled) are most of what grows, and a leak would not show yet.
 */
const HEAP_JUDGED_FROM = 150;
/** The longest the audit waits for the People queue to finish once the faults stop. */
const QUEUE_DRAIN_MS = 20 * 60_000;

/** The longest one action may take: the person's patience (45 s) several times over, a sign-in's five attempts. */
const OPERATION_DEADLINE_MS = 6 * 60_000;

interface Result {
  profile: SoftwareId;
  operations: number;
  queued: number;
  lost: string[];
  duplicates: string[];
  extensionErrors: string[];
  pageExceptions: string[];
  outside: string[];
  contradictions: string[];
  stuck: string[];
  /** start: null when the operations ended before the baseline (too few to judge). */
  memory: { start: Memory | null; end: Memory };
  injected: Record<string, number>;
  outcomes: Record<string, number>;
  seconds: number;
}

async function soak(
  profile: SoftwareId,
  operations: number,
  seed: number,
  queueSize: number,
): Promise<Result> {
  const started = Date.now();
  const random = seeded(seed);
  const ledger = new Ledger();
  const world = await World.start(
    profile,
    random,
    ledger,
    queueSize,
    values.verbose ? (text) => log(profile, text) : () => {},
  );
  log(profile, `set up in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const queueAt = Math.max(1, Math.floor(operations * 0.1));
  const revokeAt = new Set([Math.floor(operations * 0.3), Math.floor(operations * 0.8)]);
  const downAt = Math.floor(operations * 0.5);
  let start: Memory | null = null;
  /** The People page's document the start was read in (World.peopleDocument): its end is judged in that one only. */
  let peopleDocument = 0;
  /** The heaps' baseline: ten operations after the People page opened (and after the restart's new tabs). */
  let baselineAt = queueAt + 10;
  try {
    for (let n = 0; n < operations; n++) {
      if (n === queueAt) {
        await world.chaos.calm();
        await world.startQueue();
        log(profile, `queue of ${world.queued.length} started at operation ${n}`);
      }
      if (revokeAt.has(n)) await world.chaos.revoke();
      if (n === downAt) await world.chaos.down(60_000);
      if (n > queueAt && !world.restarted) {
        const followed = await world.queuedFollowed();
        if (followed > world.queued.length * 0.05 && followed < world.queued.length * 0.95) {
          log(profile, `browser restart at operation ${n}, ${followed} of ${world.queued.length} followed`);
          await world.restart();
          start = null;
          baselineAt = n + 10;
        }
      }
      if (n % 10 === 0) await world.resumeIfStopped();
      // An action that never ends is the soak's finding, not the end of the run (and it names where it hung).
      await withTimeout(world.operate(), OPERATION_DEADLINE_MS, () => `an action (${world.lastTrace})`);
      if (n >= baselineAt && !start) {
        start = await world.memory();
        peopleDocument = world.peopleDocument;
      }
      if ((n + 1) % 25 === 0) log(profile, `${n + 1} of ${operations} operations`);
    }
    // The heaps at the end of the operations, before any restart below gives fresh pages.
    const end = await world.memory();
    if (start && world.peopleDocument !== peopleDocument) {
      log(profile, 'the People page was opened again after its start was read: its heap is not judged');
      start.peoplePage = null;
    }
    if (!world.restarted) {
      // The operations ended before the queue got going (a short run, or faults stopped it): the restart still
      // comes mid-queue, once the server is back and the queue has followed some.
      await world.chaos.calm();
      await world.resumeIfStopped();
      for (
        let waited = 0;
        waited < 60 && (await world.queuedFollowed()) <= world.queued.length * 0.05;
        waited++
      )
        await new Promise((resolve) => setTimeout(resolve, 1000));
      const queue = await world.queue();
      log(
        profile,
        `browser restart after the operations, ${queue.pending.length} of ${world.queued.length} queued`,
      );
      await world.restart();
    }
    return await audit(world, started, queueSize, { start, end });
  } finally {
    await withTimeout(world.close(), 60_000, 'closing the browser').catch((error: Error) =>
      log(profile, error.message),
    );
  }
}

async function audit(
  world: World,
  started: number,
  queueSize: number,
  memory: Result['memory'],
): Promise<Result> {
  const { ledger, sandbox, profile } = world;
  await world.chaos.calm();
  await world.chaos.rateLimitOver();
  await world.ensureConnected();
  log(profile, 'faults off; waiting for the People queue to finish');
  const drainBy = Date.now() + QUEUE_DRAIN_MS;
  for (;;) {
    await world.resumeIfStopped();
    const queue = await world.queue();
    if (queue.pending.length === 0) break;
    if (Date.now() > drainBy) {
      ledger.stuck(
        `people: ${queue.pending.length} accounts still queued after 20 minutes (${queue.status.kind})`,
      );
      break;
    }
    // Each read of extension storage opens a page of the extension: every few seconds is enough.
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }

  if (world.queued.length < queueSize)
    ledger.stuck(`people: ${world.queued.length} accounts queued, ${queueSize} asked for`);
  const follows = await serverFollows(sandbox);
  const list = await world.list();
  const rows = new Map(list.rows.map((row) => [row.handle, row]));
  for (const handle of world.queued) {
    const outcome = rows.get(handle)?.follow;
    const has = follows.has(handle);
    if (outcome?.kind === 'failed') {
      if (has) ledger.contradictions.push(`people: ${handle} shows not followed, the server follows`);
      else if (!outcome.reason.key) ledger.lost.push(`people: ${handle} not followed, without a reason`);
      else ledger.count('people: failed, reason shown');
    } else if (outcome?.kind === 'following' || outcome?.kind === 'requested') {
      if (!has)
        ledger.contradictions.push(`people: ${handle} shows ${outcome.kind}, the server does not follow`);
      else ledger.count('people: followed');
    } else if (!has) {
      ledger.lost.push(`people: ${handle} neither followed nor failed (${outcome?.kind ?? 'no outcome'})`);
    } else {
      ledger.contradictions.push(`people: ${handle} followed, its row says ${outcome?.kind ?? 'nothing'}`);
    }
  }

  // Every account the clicks touched, looked at afresh: the button must say what the server says.
  for (const [handle, site] of ledger.touched) {
    const label = await world.freshLabel(site, handle.replace(/@threads\.net$/, ''));
    const has = follows.has(handle);
    const agrees = has
      ? label === 'Following on Mastodon' || label === 'Requested'
      : label === 'Follow on Mastodon';
    if (!label) ledger.stuck(`audit: the button of ${handle} on ${site} never settled`);
    else if (!agrees)
      ledger.contradictions.push(
        `audit: ${handle} on ${site} shows ${label}, the server ${has ? 'follows' : 'does not'}`,
      );
  }

  const duplicates: string[] = [];
  for (const [acct, made] of await followsMade(sandbox)) {
    const asked = ledger.followAsks.get(acct) ?? 0;
    if (made > asked) duplicates.push(`${acct}: followed ${made} times, asked ${asked}`);
  }

  const extensionErrors = [...world.watch.errors.map((e) => `service worker: ${e}`)];
  const pageExceptions: string[] = [];
  for (const line of world.consoleLines()) {
    const match = /^\S+ \[(.*?)\] pageerror: (.*)$/s.exec(line);
    if (!match) continue;
    if (match[1]!.startsWith(world.session.extensionOrigin)) extensionErrors.push(`${match[1]}: ${match[2]}`);
    else pageExceptions.push(`${match[1]}: ${match[2]}`);
  }

  // Chromium resolves every host name to the sandbox: a host it does not play answers 421 (sandbox/core/README.md).
  const outside = new Set<string>();
  for (const entry of browserRequests(await sandbox.admin.log())) {
    if ((entry.method === 'CONNECT' || entry.status === 421) && entry.host !== OAUTH_REDIRECT_HOST)
      outside.add(`${entry.client} → ${entry.host}${entry.path.split('?')[0]}`);
    else if (entry.client === 'extension' && !EXTENSION_HOSTS.has(entry.host))
      outside.add(`extension → ${entry.host}${entry.path.split('?')[0]}`);
  }

  return {
    profile,
    operations: ledger.operations,
    queued: world.queued.length,
    lost: ledger.lost,
    duplicates,
    extensionErrors,
    pageExceptions,
    outside: [...outside],
    contradictions: ledger.contradictions,
    stuck: ledger.stuckControls,
    memory,
    injected: { ...world.chaos.injected },
    outcomes: Object.fromEntries(ledger.outcomes),
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

function failedSoak(profile: SoftwareId, error: Error): Result {
  const none: Memory = { worker: null, threadsPage: null, peoplePage: null };
  return {
    profile,
    operations: 0,
    queued: 0,
    lost: [],
    duplicates: [],
    extensionErrors: [],
    pageExceptions: [],
    outside: [],
    contradictions: [],
    stuck: [`the soak stopped: ${error.message}`],
    memory: { start: null, end: none },
    injected: {},
    outcomes: {},
    seconds: 0,
  };
}

function log(profile: string, text: string): void {
  console.log(`soak ${new Date().toISOString().slice(11, 19)} ${profile}: ${text}`);
}

const kb = (bytes: number | null) => (bytes === null ? '–' : `${(bytes / 1024).toFixed(0)} KB`);
const growth = (a: number | null, b: number | null) => (a === null || b === null ? 0 : Math.max(0, b - a));

/** The counts that must be 0, by name, from a result. */
const MUST_BE_ZERO = {
  'operations lost': (r: Result) => r.lost,
  'duplicate follows': (r: Result) => r.duplicates,
  'uncaught errors in extension contexts': (r: Result) => r.extensionErrors,
  'exceptions in host pages': (r: Result) => r.pageExceptions,
  'requests outside the allowed hosts': (r: Result) => r.outside,
  'page states contradicting the server': (r: Result) => r.contradictions,
  'controls that never settled': (r: Result) => r.stuck,
} as const;

function report(results: Result[]): boolean {
  const columns = results.map((r) => r.profile);
  const row = (name: string, cells: string[]) => `| ${name} | ${cells.join(' | ')} |`;
  const lines = [
    row('', columns),
    row(
      '---',
      columns.map(() => '---:'),
    ),
    row(
      'operations',
      results.map((r) => String(r.operations)),
    ),
    row(
      'People queue (accounts)',
      results.map((r) => String(r.queued)),
    ),
  ];
  let clean = true;
  for (const [name, of] of Object.entries(MUST_BE_ZERO)) {
    const counts = results.map((r) => of(r).length);
    if (counts.some((c) => c > 0)) clean = false;
    lines.push(row(`**${name}**`, counts.map(String)));
  }
  for (const [name, key] of [
    ['service worker heap', 'worker'],
    ['Threads page heap', 'threadsPage'],
    ['People page heap', 'peoplePage'],
  ] as const) {
    lines.push(
      row(
        `${name}, start → end`,
        results.map((r) => {
          const start = r.memory.start?.[key] ?? null;
          const end = r.memory.end[key];
          const grew = growth(start, end);
          const judged = r.operations >= HEAP_JUDGED_FROM && start !== null;
          if (judged && grew > HEAP_NOISE) clean = false;
          const mark = !judged ? ' (not judged)' : grew > HEAP_NOISE ? ' ✗' : ' ✓';
          return `${kb(start)} → ${kb(end)}${mark}`;
        }),
      ),
    );
  }
  const injectedKinds = [...new Set(results.flatMap((r) => Object.keys(r.injected)))];
  for (const kind of injectedKinds)
    lines.push(
      row(
        `injected: ${kind}`,
        results.map((r) => String(r.injected[kind] ?? 0)),
      ),
    );
  const outcomeKinds = [...new Set(results.flatMap((r) => Object.keys(r.outcomes)))].sort();
  for (const kind of outcomeKinds)
    lines.push(
      row(
        `outcome: ${kind}`,
        results.map((r) => String(r.outcomes[kind] ?? 0)),
      ),
    );
  lines.push(
    row(
      'wall time (s)',
      results.map((r) => String(r.seconds)),
    ),
  );
  console.log(`\n${lines.join('\n')}\n`);
  for (const result of results) {
    for (const [name, of] of Object.entries(MUST_BE_ZERO)) {
      for (const detail of of(result).slice(0, 20)) console.log(`✗ ${result.profile} ${name}: ${detail}`);
    }
  }
  return clean;
}

async function main(): Promise<void> {
  console.log(
    `soak: ${COUNT} operations over ${PROFILES.join(', ')}, seed ${SEED}, People queues of ${QUEUE} (${PROFILES[0]}) and ${QUEUE_OTHERS}; ${describeBrowser(findBrowser('chromium'))}`,
  );
  const results: Result[] = [];
  let next = 0;
  const worker = async () => {
    while (next < PROFILES.length) {
      const index = next++;
      const share = Math.floor(COUNT / PROFILES.length) + (index < COUNT % PROFILES.length ? 1 : 0);
      const profile = PROFILES[index]!;
      results[index] = await soak(profile, share, SEED + index, index === 0 ? QUEUE : QUEUE_OTHERS).catch(
        (error: Error) => {
          // One software's soak that could not go on is its failure, not the end of the others'.
          log(profile, `stopped: ${error.stack ?? error.message}`);
          return failedSoak(profile, error);
        },
      );
      // Each software's table as soon as it is done: a long run's figures survive an interrupted end.
      report([results[index]!]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, PROFILES.length) }, worker));
  const clean = report(results);
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(new URL('./results/latest.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  const total = results.reduce((sum, r) => sum + r.operations, 0);
  console.log(clean ? `soak: ${total} operations, every count 0` : `soak: ${total} operations, counts above`);
  process.exit(clean ? 0 : 1);
}

await main().catch(exitOnBrowserNotFound);
