// Lint for the whole project. Formatting is prettier's (npm run format); this checks what a
// formatter cannot: import cycles, Apps Script globals outside src/gas, unused code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

// Apps Script services: only the adapters in src/gas may name them.
const APPS_SCRIPT_GLOBALS = [
  'SpreadsheetApp',
  'Gmail',
  'GmailApp',
  'HtmlService',
  'PropertiesService',
  'CacheService',
  'LockService',
  'ScriptApp',
  'Session',
  'Utilities',
  'Charts',
  'Logger',
  'MailApp',
  'UrlFetchApp',
  'DriveApp',
  'BigQuery',
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-bigquery/',
      'build/',
      'out/',
      'coverage/',
      'reports/',
      '.stryker-tmp/',
      'bench/data/',
      'node_modules/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.node } },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-len': [
        'error',
        { code: 140, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  {
    // A function a reader holds in mind; a longer one says why in a disable comment (hot loops).
    // Not in tests: a describe block is a list of cases, not a function to hold in mind.
    files: ['src/**/*.ts', 'scripts/**/*.mjs'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['src/gas/**/*.ts'],
    languageOptions: { globals: Object.fromEntries(APPS_SCRIPT_GLOBALS.map((name) => [name, 'readonly'])) },
  },
  {
    files: ['src/core/**/*.ts', 'src/sidebar/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...APPS_SCRIPT_GLOBALS.map((name) => ({ name, message: 'Apps Script services are named only in src/gas/.' })),
      ],
    },
  },
  {
    files: ['src/sidebar/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, google: 'readonly' } },
  },
  {
    files: ['**/*.cjs', 'jest*.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
