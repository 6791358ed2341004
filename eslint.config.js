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
);
