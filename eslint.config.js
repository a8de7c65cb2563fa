// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'bench/results/**', 'bench/.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // The widget may only `import type` from the bridge's protocol module, so no server code reaches the bundle,
    // and it never imports node built-ins.
    files: ['widget/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/bridge-server/src/protocol/**'], allowTypeImports: true, message: 'Widget code may only `import type` from the protocol module.' },
            { group: ['**/bridge-server/**', '!**/bridge-server/src/protocol/**'], message: 'Widget code must not import bridge code.' },
            { group: ['node:*'], message: 'The widget runs in browsers.' },
          ],
        },
      ],
    },
  },
);
