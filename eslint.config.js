import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'test-results/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          // Atomic class names of Threads/Instagram change with every deploy (site-dom.md).
          selector: 'Literal[value=/\\.x1[a-z0-9]{5,}/]',
          message: 'Do not select by atomic class names; use roles, labels, links and structure.',
        },
      ],
    },
  },
);
