import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: ['dist/**', 'dist-bench/**', 'node_modules/**', 'data/**', 'coverage/**', '*.js', '*.mjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    // Plain Node.js scripts (test helpers run outside Jest) see Node's globals.
    files: ['**/*.mjs'],
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', fetch: 'readonly', setTimeout: 'readonly' },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../libs/*', '../../../libs/*'], message: 'Use the @app/* aliases.' }] },
      ],
    },
  },
  {
    // A lib never imports an app (issue 17.5): the apps are thin wrappers around libs/runtime.
    // Repeats the alias pattern above, because a later block replaces the rule's options.
    files: ['libs/**/*.ts', 'libs/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../../libs/*', '../../../libs/*'], message: 'Use the @app/* aliases.' },
            {
              group: ['**/apps/**'],
              message: 'A lib never imports an app: take the module from libs/runtime.',
            },
          ],
        },
      ],
    },
  },
  {
    // The rules of hooks (and the React Compiler's checks) for the UI only: the server has no hooks.
    ...reactHooks.configs.flat.recommended,
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
  },
  {
    // One data-access idiom (issue 17.3): raw SQL lives in *.repository.ts files and names its row
    // type. Transaction control has libs/database (attemptUnderSavepoint); tests and tooling are free.
    files: ['libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.repository.ts', 'libs/database/**', 'libs/testing/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='query']",
          message: 'SQL belongs in a *.repository.ts (typed repositories over raw SQL, see README).',
        },
      ],
    },
  },
  {
    files: ['libs/**/*.repository.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='query'][typeArguments=undefined]",
          message: 'Give the statement its row type: query<Row[]>(sql, params).',
        },
      ],
    },
  },
  {
    // Type-aware checks (issue 17.9): a promise nobody awaits loses its error (`void` marks a
    // deliberate fire-and-forget); a switch over a union names every member even when it has a
    // default, so adding a status, a kind or an event type shows every place to decide about it.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    // One import order everywhere (issue 17.9), fixed by `eslint --fix`. Side-effect imports
    // (reflect-metadata, dotenv, the tracing bootstrap in apps/*/src/main.ts) stay first and in
    // their written order: the plugin never reorders them.
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: { 'simple-import-sort/imports': 'error' },
  },
);
