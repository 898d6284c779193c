import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { forecourtPlugin } from './tools/eslint-plugin-forecourt.js';

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/dist/**', 'coverage/**', 'test-results/**', '.forecourt-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { forecourt: forecourtPlugin },
    rules: {
      'forecourt/cross-capability': 'error',
      'forecourt/hidden-truth': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only (STYLE.md).' }],
    },
  },
  {
    files: ['packages/verifier/**/*.ts'],
    plugins: { forecourt: forecourtPlugin },
    rules: { 'forecourt/standalone-verifier': 'error' },
  },
  {
    // Vite's config file format requires a default export.
    files: ['web/vite.config.ts', 'vitest.config.ts', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['bin/**/*.js', 'tools/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
