/**
 * `npm run test:webext`: Mozilla's add-on linter (web-ext lint) over the Firefox build, failing on any error,
 * notice or warning but one: Preact's own `innerHTML` assignment, the one it makes for `dangerouslySetInnerHTML`,
 * which Homeward never uses (docs/store/review-notes.md). That warning is let through only where the flagged
 * code is Preact's (it assigns `<props>.__html` right after testing for the prop), so an `innerHTML` of
 * Homeward's own would still fail.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

interface LintReport {
  errors: LintMessage[];
  notices: LintMessage[];
  warnings: LintMessage[];
}

const sourceDir = resolve(process.argv[2] ?? '.output/firefox-mv3');

/**
 * Preact's assignment as minified: `…(t.innerHTML=h.__html)…`, after its `dangerouslySetInnerHTML` test. The
 * bundle is not always one line (a library's message with line breaks puts Preact further down), so the warning's
 * line and column are turned into an offset in the file.
 */
export function isPreactInnerHtml(message: LintMessage, code: string): boolean {
  if (message.code !== 'UNSAFE_VAR_ASSIGNMENT' || message.line === undefined || message.column === undefined)
    return false;
  const lines = code.split('\n');
  if (message.line < 1 || message.line > lines.length) return false;
  const lineStart = lines.slice(0, message.line - 1).reduce((offset, line) => offset + line.length + 1, 0);
  const column = lineStart + message.column;
  const at = code.indexOf('.innerHTML=', column - 1 - 20);
  if (at < 0 || at > column + 20) return false;
  const assigned = /^\.innerHTML=[\w$]+\.__html\b/.test(code.slice(at));
  const before = code.slice(Math.max(0, at - 400), at);
  return assigned && before.includes('"dangerouslySetInnerHTML"');
}

function main(): void {
  const run = spawnSync(
    'npx',
    ['web-ext', 'lint', '--source-dir', sourceDir, '--output', 'json', '--no-input'],
    {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const report = JSON.parse(run.stdout) as LintReport;
  const library: LintMessage[] = [];
  const problems = [...report.errors, ...report.notices];
  for (const warning of report.warnings) {
    const code = warning.file ? readFileSync(join(sourceDir, warning.file), 'utf8') : '';
    (isPreactInnerHtml(warning, code) ? library : problems).push(warning);
  }
  for (const problem of problems) {
    console.error(`${problem.code}: ${problem.message} (${problem.file ?? 'manifest'}:${problem.line ?? 0})`);
  }
  console.log(
    `web-ext lint ${sourceDir}: ${problems.length} problems; ${library.length} of Preact's dangerouslySetInnerHTML (not used by Homeward)`,
  );
  process.exitCode = problems.length === 0 ? 0 : 1;
}

main();
