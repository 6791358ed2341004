import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { isContentKey, localeFiles, readCatalogues } from '@/utils/i18n/build';
import { formatText, messageParams, parseMessage } from '@/utils/i18n/format';
import { LOCALES, SOURCE_LOCALE } from '@/utils/i18n/locales';

/**
 * The catalogues against English, their source (docs/i18n.md), and the source code against the catalogues: no
 * language misses a key or has one English lacks, every message keeps English's placeholders and tags, and no
 * component shows a sentence that is not a catalogue key.
 */
const catalogues = readCatalogues();
const english = catalogues.get(SOURCE_LOCALE)!;
const others = LOCALES.filter((locale) => locale !== SOURCE_LOCALE);

describe('the catalogues', () => {
  it('exist for every language Homeward offers, and only those', () => {
    expect([...catalogues.keys()].sort()).toEqual([...LOCALES].sort());
  });

  it.each(others)('%s has exactly the keys English has', (locale) => {
    const keys = Object.keys(catalogues.get(locale)!);
    expect(keys.filter((key) => !(key in english))).toEqual([]);
    expect(Object.keys(english).filter((key) => !keys.includes(key))).toEqual([]);
  });

  it.each(LOCALES)('%s: every message parses, and keeps the placeholders and tags English has', (locale) => {
    const messages = catalogues.get(locale)!;
    const differing = Object.entries(messages).flatMap(([key, message]) => {
      const theirs = [...messageParams(message)].sort();
      const ours = [...messageParams(english[key] ?? '')].sort();
      return theirs.join() === ours.join() ? [] : [`${key}: ${theirs.join()} ≠ ${ours.join()}`];
    });
    expect(differing).toEqual([]);
  });

  it.each(LOCALES)('%s: no "$" (the browsers read it as a placeholder) and no empty message', (locale) => {
    const bad = Object.entries(catalogues.get(locale)!).filter(
      ([, message]) => message.includes('$') || message.trim() === '',
    );
    expect(bad).toEqual([]);
  });

  it.each(LOCALES)("%s: every plural has the language's own categories, and other", (locale) => {
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
    const bad: string[] = [];
    for (const [key, message] of Object.entries(catalogues.get(locale)!)) {
      const walk = (nodes: ReturnType<typeof parseMessage>) => {
        for (const node of nodes) {
          if (node.kind === 'plural') {
            for (const branch of Object.keys(node.branches))
              if (!branch.startsWith('=') && !categories.includes(branch)) bad.push(`${key}: ${branch}`);
            Object.values(node.branches).forEach(walk);
          } else if (node.kind === 'tag') walk(node.children);
        }
      };
      walk(parseMessage(message));
    }
    expect(bad).toEqual([]);
  });

  it('words a plural by the language: one and other in English, one form in Japanese', () => {
    const message = '{count, plural, one {# account} other {# accounts}}';
    expect(formatText('en', message, { count: 1 })).toBe('1 account');
    expect(formatText('en', message, { count: 1200 })).toBe('1,200 accounts');
    expect(formatText('de', message, { count: 1200 })).toBe('1.200 accounts');
    expect(formatText('fr', message, { count: 0 })).toBe('0 account');
    expect(formatText('ja', catalogues.get('ja')!.site_scanFoundOpened!, { count: 1 })).not.toMatch(/\{|#/);
  });

  it("keeps the product's bold labels as English's copy", () => {
    expect(english.site_follow).toBe('Follow on Mastodon');
    expect(english.server_label).toBe('Home server');
    expect(english.people_title).toBe('Bring my people');
    expect(english.site_scanFind).toBe('Find them on the fediverse');
    expect(english.site_notBridged).toBe('Not bridged to the fediverse');
    expect(english.site_askBridge).toBe('Ask them to bridge');
  });

  it.each(LOCALES)('%s: the description fits the stores’ 132 characters', (locale) => {
    expect([...catalogues.get(locale)!.extDescription!].length).toBeLessThanOrEqual(132);
  });

  it("builds the browsers' _locales and the content script's files from them", () => {
    const files = new Map(localeFiles(catalogues).map((file) => [file.relativeDest, file.contents]));
    expect(JSON.parse(files.get('_locales/pt_BR/messages.json')!).site_follow.message).toBe(
      catalogues.get('pt-BR')!.site_follow,
    );
    const content = files.get('content-messages/de.js')!;
    expect(content).toMatch(/^globalThis\.homewardMessages=/);
    const supplied = JSON.parse(content.slice(content.indexOf('=') + 1, -2)) as {
      locale: string;
      messages: Record<string, string>;
    };
    expect(supplied.locale).toBe('de');
    expect(Object.keys(supplied.messages).length).toBeGreaterThan(10);
    expect(Object.keys(supplied.messages).every(isContentKey)).toBe(true);
  });
});

/** Shipped source files under these folders, tracked or new: not tests. */
function shippedSources(...folders: string[]): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', ...folders])
    .toString()
    .split('\n')
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file));
}

/** The components and pages: what people see is written there. */
const SOURCES = shippedSources('components', 'entrypoints');

/** Attributes people read or hear. */
const SHOWN_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'title',
  'alt',
  'placeholder',
  'label',
  'legend',
]);
/** Placeholders that are example addresses, the same in every language. */
const EXAMPLE = /^(https:\/\/)?[a-z0-9.-]+\.[a-z]{2,}(\/\S*)?$/;

/** Sentences in a file's JSX text and shown attributes: two letters or more, outside braces. */
function shownLiterals(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TSX,
  );
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && /\p{L}{2}/u.test(node.text)) found.push(node.text.trim());
    if (ts.isJsxAttribute(node) && SHOWN_ATTRIBUTES.has(node.name.getText(source))) {
      const value = node.initializer;
      const literal =
        value && ts.isStringLiteral(value)
          ? value.text
          : value && ts.isJsxExpression(value) && value.expression && ts.isStringLiteralLike(value.expression)
            ? value.expression.text
            : null;
      if (literal && /\p{L}{2}/u.test(literal) && !EXAMPLE.test(literal))
        found.push(`${node.name.getText(source)}="${literal}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Keys the code names: `t('key'`, `tParts('key'`, `words('key'`, and `'area_key'` literals in tables. */
function keysNamed(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/\b(?:t|tParts|words)\(\s*'([a-zA-Z0-9_]+)'/g)].map((match) => match[1]!);
}

describe('the source against the catalogues', () => {
  it('finds the components and pages to check', () => {
    expect(SOURCES.length).toBeGreaterThan(30);
    expect(SOURCES).toContain('components/follow/FollowButton.tsx');
  });

  it('shows no sentence that is not a catalogue key, in any component or page', () => {
    const shown = SOURCES.flatMap((file) => shownLiterals(file).map((text) => `${file}: ${text}`));
    // The welcome page's drawing of a profile shows a made-up person, the same in every language.
    expect(shown.filter((line) => !/WelcomePage\.tsx: (Juno Park|@juno)$/.test(line))).toEqual([]);
  });

  it('catches a sentence left in a component (the check itself)', () => {
    const file = 'tests/unit/i18n-fixture.tsx';
    expect(shownLiterals(file)).toEqual(['aria-label="Withdraw request?"', 'Follow on Mastodon']);
  });

  it('names only keys that English has', () => {
    const all = shippedSources('components', 'entrypoints', 'utils');
    const unknown = all.flatMap((file) =>
      keysNamed(file)
        .filter((key) => !(key in english))
        .map((key) => `${file}: ${key}`),
    );
    expect(unknown).toEqual([]);
  });

  it("gives the sites' pages only words their script carries (site_ and failure_ keys)", () => {
    const reached = [
      'components/follow/FollowButton.tsx',
      'components/follow/mount.tsx',
      'components/people/PeopleScan.tsx',
      'components/people/scan-mount.tsx',
      'utils/follow/service.ts',
      'utils/follow/routes.ts',
      'utils/people/routes.ts',
      'utils/people/service.ts',
      'utils/mastodon/failure.ts',
      'utils/sites/threads/network.ts',
    ];
    const outside = reached.flatMap((file) =>
      [
        ...keysNamed(file),
        ...[...readFileSync(file, 'utf8').matchAll(/'((?:site|failure)_[a-zA-Z]+)'/g)].map((m) => m[1]!),
      ]
        .filter((key) => !isContentKey(key))
        .map((key) => `${file}: ${key}`),
    );
    expect(outside).toEqual([]);
  });
});
