// ESLint's configuration (npm run lint): the recommended rules for every JS file of the repository,
// with the globals of the places each runs in. Formatting is Prettier's (package.json "prettier").
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['build/**', 'dist/**', 'node_modules/**', 'js/core/boundary.js'] },
  js.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.worker, ...globals.serviceworker, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Unused arguments keep a callback's signature readable (`(_, __, { cause })`).
      'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
      // `EXTENSIONS:`, `NODE_ONLY:` and `JS_CORE_IMPORT:` label statements that build.sh drops from some bundles.
      'no-labels': 'off',
      'no-unused-labels': 'off',
      // An empty catch says "ignore this failure"; each has its reason beside it.
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Emscripten's JS libraries: evaluated inside the glue, with its names in scope.
    files: ['cpp/wasm/embind_runtime.js', 'cpp/wasm/module_surface.js'],
    languageOptions: { sourceType: 'script', globals: { mergeInto: 'readonly', LibraryManager: 'readonly' } },
    rules: { 'no-undef': 'off' },
  },
  {
    // Functions these tests hand to a page run there, with the page's globals.
    files: ['tests/js/browser.test.js', 'tests/js/legacy-browser.test.js'],
    languageOptions: { globals: { T: 'readonly', EventSourceWasm: 'readonly' } },
  },
  {
    files: ['tests/browser/shared-worker.js'],
    languageOptions: { globals: { ...globals.sharedworker, SharedWorkerGlobalScope: 'readonly' } },
  },
  {
    files: ['tests/runtimes/behaviour-runner.js'],
    languageOptions: { globals: { Deno: 'readonly', Bun: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: ['tests/**/*.js', 'tests/**/*.mjs', 'tests/**/*.cjs'],
    languageOptions: { globals: { ...globals.mocha } },
  },
];
