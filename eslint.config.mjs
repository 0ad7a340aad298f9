// typescript-eslint's recommended rules (syntactic: no type information, so it stays fast),
// with the few changes this code base has reasons for. Run by `npm test` (`npm run lint`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.tsbuild/', '.scratch/', 'test/e2e/.tools/', 'test/e2e/.vscode-test/', 'test/e2e/electron/out/', 'bench/.out/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // `_` marks an argument a signature needs but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Type-only imports stay type-only, so the webview bundle does not pull a library in by accident.
      // `typeof import('x')` stays allowed: it types a module loaded lazily on first use.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // A control character in a regex is how the text sanitisers name what they strip.
      'no-control-regex': 'off',
    },
  },
  {
    // Plain Node scripts (esbuild, the test and bench runners).
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
);
