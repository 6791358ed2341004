import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ATOMIC_CLASS_NAMES = {
  // Atomic class names of Threads/Instagram change with every deploy (docs/sites.md, "Selectors").
  selector: 'Literal[value=/\\.x1[a-z0-9]{5,}/]',
  message: 'Do not select by atomic class names; use roles, labels, links and structure.',
};

/** The one innerHTML web-ext lint may see in a build is Preact's own (tests/webext/lint.ts). */
const HTML_STRINGS = [
  {
    selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
    message: 'Build DOM with Preact or textContent; never parse HTML strings.',
  },
  {
    selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
    message: 'Render text, never HTML strings.',
  },
];

/**
 * The layout's one rule (README, "How it is built"): a feature's logic (utils/<feature>/) and UI
 * (components/<feature>/) import shared layers, never another feature; shared layers import no feature; the
 * secret store (the token and client secrets) is imported by background code only.
 */
const FEATURES = {
  follow: ['**/follow/**'],
  'open-at-home': ['**/open-at-home/**', '**/opening/**'],
  people: ['**/people/**'],
  settings: ['**/settings/**'],
};
const FEATURE_FOLDERS = {
  follow: ['utils/follow', 'components/follow'],
  'open-at-home': ['utils/open-at-home', 'components/opening'],
  people: ['utils/people', 'components/people'],
  settings: ['utils/settings', 'components/settings'],
};
const SECRETS = { group: ['**/storage/secrets'], message: 'The secret store is for background code only.' };
/** Feature files that run outside the background: in extension pages, content scripts or pages' own world. */
const FRONT_FILES = [
  'utils/*/protocol.ts',
  'utils/settings/state.ts',
  'utils/people/scan.ts',
  'utils/people/csv.ts',
  'utils/settings/host-list.ts',
  'utils/settings/first-run.ts',
  'utils/open-at-home/alt-click.ts',
];
const TESTS = ['**/*.test.ts', '**/*.test.tsx'];
const otherFeatures = (feature) => ({
  group: Object.entries(FEATURES).flatMap(([name, globs]) => (name === feature ? [] : globs)),
  message: 'Features import shared layers, never each other (README, "How it is built").',
});
const anyFeature = {
  group: Object.values(FEATURES).flat(),
  message: 'Shared layers import no feature (README, "How it is built").',
};
const restrict = (files, patterns, ignores = []) => ({
  files,
  ignores: [...TESTS, ...ignores],
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});
const LAYOUT = [
  ...Object.entries(FEATURE_FOLDERS).flatMap(([feature, [logic, ui]]) => [
    restrict([`${logic}/**`], [otherFeatures(feature)], FRONT_FILES),
    restrict(
      FRONT_FILES.filter((file) => file.startsWith(`${logic}/`) || file === 'utils/*/protocol.ts').map(
        (file) => file.replace('utils/*', logic),
      ),
      [otherFeatures(feature), SECRETS],
    ),
    restrict([`${ui}/**`], [otherFeatures(feature), SECRETS]),
  ]),
  restrict(['utils/mastodon/**', 'utils/storage/**'], [anyFeature]),
  restrict(
    ['utils/sites/**', 'utils/fediverse/**', 'utils/messaging/**', 'utils/*.ts', 'components/shared/**'],
    [anyFeature, SECRETS],
  ),
  restrict(['entrypoints/**'], [SECRETS], ['entrypoints/background/**']),
];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'test-results/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', ATOMIC_CLASS_NAMES],
    },
  },
  {
    // What ships: tests may build fixtures from HTML, the extension never does.
    files: ['entrypoints/**', 'components/**', 'utils/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-syntax': ['error', ATOMIC_CLASS_NAMES, ...HTML_STRINGS],
    },
  },
  ...LAYOUT,
);
