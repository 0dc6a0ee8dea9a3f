import js from '@eslint/js';
import {defineConfig} from 'eslint/config';
import {configs as litConfigs} from 'eslint-plugin-lit';
import {configs as wcConfigs} from 'eslint-plugin-wc';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {ignores: ['dist/**', 'server/dist/**', 'test-results/**', 'playwright-report/**', '.ci/out/**', 'node_modules/**', '.exp/**']},
  js.configs.recommended,
  tseslint.configs.recommended,
  litConfigs['flat/recommended'],
  wcConfigs['flat/recommended'],
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
      'no-control-regex': 'off', // our validators reject control characters on purpose
    },
  },
  {
    files: ['server/**/*.ts', 'tests/server/**/*.ts', 'tests/e2e/**/*.ts', '*.config.ts', 'bench/**/*.ts'],
    languageOptions: {globals: {process: 'readonly', Buffer: 'readonly', console: 'readonly'}},
  },
);
