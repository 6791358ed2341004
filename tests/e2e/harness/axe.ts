import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { ColorScheme, Session, Tab } from '../../../sandbox/harness/session';
import { waitUntil } from '../../../sandbox/harness/wait';

/**
 * axe-core's browser build, injected as source text through the automation protocol (Tab.evaluateSource): the
 * extension pages' CSP refuses inline scripts and Threads' page requires Trusted Types for them, but neither
 * governs what CDP or WebDriver BiDi evaluate.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices. */
export const AXE_TAGS = [
  'wcag2a',
  'wcag2aa',
  'wcag21a',
  'wcag21aa',
  'wcag22a',
  'wcag22aa',
  'best-practice',
] as const;

export const COLOR_SCHEMES: readonly ColorScheme[] = ['light', 'dark'];

export interface AxeNode {
  /** Where the element is: CSS selectors, `>>>` crossing into a shadow root. */
  target: string;
  html: string;
  /** axe's own "Fix any of the following / Fix all of the following" text. */
  summary: string;
}

export interface AxeRuleResult {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

export interface AxeReport {
  url: string;
  /** What the page's `prefers-color-scheme: dark` said while axe ran. */
  dark: boolean;
  violations: AxeRuleResult[];
  /** Rules axe could not decide (e.g. contrast over an image): not failures, listed for a person to look at. */
  incomplete: AxeRuleResult[];
  /** Passed rules and how many elements passed each. */
  passes: { id: string; nodes: number }[];
  /** Elements inside shadow roots that any rule looked at (passed, failed or undecided). */
  shadowNodes: number;
}

/**
 * The page function, as text (Tab.evaluateSource): it runs axe on the hosts `include` selects (else the whole
 * document) and shrinks the result to what a report needs, so megabytes of result never cross the protocol. Text
 * rather than a serialized function, so the test runner's transforms cannot add helpers the page lacks.
 */
function axeRunSource(include: readonly string[] | undefined): string {
  const context = include ? JSON.stringify({ include }) : 'document';
  const options = { runOnly: { type: 'tag', values: AXE_TAGS } };
  return `(async () => {
    const results = await axe.run(${context}, ${JSON.stringify(options)});
    const path = (target) => target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : part)).join(' | ');
    const rules = (list) => list.map((rule) => ({
      id: rule.id,
      impact: rule.impact ?? null,
      help: rule.help,
      helpUrl: rule.helpUrl,
      nodes: rule.nodes.map((node) => ({
        target: path(node.target),
        html: node.html.slice(0, 300),
        summary: node.failureSummary ?? '',
      })),
    }));
    const all = [...results.passes, ...results.violations, ...results.incomplete];
    return {
      url: location.href,
      dark: matchMedia('(prefers-color-scheme: dark)').matches,
      violations: rules(results.violations),
      incomplete: rules(results.incomplete),
      passes: results.passes.map((rule) => ({ id: rule.id, nodes: rule.nodes.length })),
      shadowNodes: all.reduce(
        (sum, rule) => sum + rule.nodes.filter((node) => Array.isArray(node.target[0])).length,
        0,
      ),
    };
  })()`;
}

/**
 * Runs axe in `tab`. Without `include`, on the whole document (the extension's own pages). With it, only on the
 * elements those selectors match in the top document: Homeward's hosts in a Threads or Instagram page, whose own
 * markup is sandbox fixture, not the product. A host's selector alone brings its shadow tree with it (axe
 * names what it found there `host >>> element`); an array in `include` would be read as a path through iframes,
 * not into a shadow root, and match nothing here.
 */
export async function runAxe(tab: Tab, include?: readonly string[]): Promise<AxeReport> {
  // The page may have navigated since the last run: inject once per document.
  if ((await tab.evaluateSource<string>('typeof window.axe')) === 'undefined') {
    await tab.evaluateSource<string>(`${AXE_SOURCE}\n;typeof window.axe`);
  }
  if (!include) return tab.evaluateSource<AxeReport>(axeRunSource(include));
  // Homeward's hosts keep their roots closed, and axe finds a shadow tree through `host.shadowRoot`: for the run
  // only, each host shows its root there, and hides it again before the page gets a turn after the report.
  return tab.evaluateInShadow<AxeReport>(
    include.join(', '),
    `async (roots) => {
      for (const root of roots) Object.defineProperty(root.host, 'shadowRoot', { value: root, configurable: true });
      try {
        return await ${axeRunSource(include)};
      } finally {
        for (const root of roots) delete root.host.shadowRoot;
      }
    }`,
  );
}

/** One line per failing element: rule, impact, where, what axe says to fix; then the rule's help page. */
export function formatViolation(rule: AxeRuleResult): string {
  const nodes = rule.nodes.map((node) => `\n  at ${node.target}\n    ${node.html}\n    ${node.summary}`);
  return `${rule.id} (${rule.impact ?? 'no impact'}): ${rule.help}${nodes.join('')}\n  see ${rule.helpUrl}`;
}

/** What a check needs once the tab shows what is to be checked in the scheme asked for. */
export interface AxeTarget {
  tab: Tab;
  /** Selectors of Homeward's content hosts (their closed shadow roots are checked); the whole page without it. */
  include?: readonly string[];
}

/**
 * Checks what `target` shows now, in `scheme` (already set with Session.setColorScheme): confirms the page and
 * Homeward's hosts really are in that scheme, runs axe and expects no violation (soft, so every check of a test
 * reports). For in-page hosts, also expects axe to have looked inside their shadow roots.
 */
export async function expectAccessibleIn(
  what: string,
  scheme: ColorScheme,
  { tab, include }: AxeTarget,
): Promise<AxeReport> {
  await waitUntil(`${what} to be ${scheme}`, async () =>
    (await tab.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)) === (scheme === 'dark')
      ? true
      : undefined,
  );
  if (include) {
    // Hosts take data-theme from what the page paints (components/shared/content-host.ts): it must follow the page.
    const hosts = JSON.stringify(include.join(','));
    const themes = await tab.evaluateSource<(string | null)[]>(
      `[...document.querySelectorAll(${hosts})].map((host) => host.getAttribute('data-theme'))`,
    );
    expect(themes.length, `${what}: Homeward's hosts in the page`).toBeGreaterThan(0);
    expect(themes, `${what}: data-theme of the hosts`).toEqual(themes.map(() => scheme));
  }
  const report = await runAxe(tab, include);
  expect.soft(report.violations.map(formatViolation), `${what}, ${scheme}`).toEqual([]);
  if (include) expect(report.shadowNodes, `${what}: elements axe checked in shadow roots`).toBeGreaterThan(0);
  return report;
}

/**
 * Checks a view in light and then in dark: sets the scheme, lets `show` bring the view up in it (a page that
 * picks its theme once, at load, reloads there; the extension's pages switch as they are) and checks it
 * (expectAccessibleIn). Returns the reports, light first.
 */
export async function expectAccessible(
  session: Session,
  what: string,
  show: (scheme: ColorScheme) => Promise<AxeTarget>,
): Promise<AxeReport[]> {
  const reports: AxeReport[] = [];
  for (const scheme of COLOR_SCHEMES) {
    await session.setColorScheme(scheme);
    reports.push(await expectAccessibleIn(what, scheme, await show(scheme)));
  }
  return reports;
}
