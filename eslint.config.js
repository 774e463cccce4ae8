// Lint rules, including the import boundaries of ARCHITECTURE.md:
//   rules ← server ← nothing;  web imports only the API contract;  rules does no IO.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';


export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '.tmp/**', '.bench/**', 'packages/server/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Chinese documents legitimately use the ideographic space (U+3000) inside strings and templates.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipComments: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read process.env only in packages/server/src/config/config.ts (and test/bench/e2e harnesses).',
        },
      ],
    },
  },
  {
    files: ['packages/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@bangfu/*', '**/server/**', '**/web/**'], message: 'packages/rules imports nothing of ours (pure domain).' },
            { group: ['node:fs*', 'node:net', 'node:http*', 'node:child_process', 'fs', 'pg', 'drizzle-orm*', 'fastify*'], message: 'packages/rules does no IO.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@bangfu/rules', '@bangfu/rules/*', '**/rules/src/**'], message: 'The web console talks to the API only.' },
            { group: ['@bangfu/server', '**/server/src/**', '!@bangfu/server/contract'], message: 'The web console may import only @bangfu/server/contract.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@bangfu/web', '@bangfu/web/*', '**/web/src/**'], message: 'The server does not import the web console.' }] }],
    },
  },
  {
    files: ['packages/server/src/config/config.ts', '**/*.test.ts', 'packages/server/test/**', 'e2e/**', 'bench/**', 'scripts/**', 'vitest.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
