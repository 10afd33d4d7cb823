// One lint configuration for the whole workspace (ESLint flat config + typescript-eslint).
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { backendLayerZones, packageZones, webFeatureZones } from './eslint.boundaries.js';

const webFeatures = readdirSync(new URL('./apps/web/src/features/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.data/**', '**/coverage/**', 'eslint-fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The direction of dependency (ARCHITECTURE.md), checked on every import.
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['*/tsconfig.json', '*/*/tsconfig.json'], noWarnOnMultipleProjects: true })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: [...backendLayerZones, ...webFeatureZones(webFeatures), ...packageZones] }],
    },
  },
  {
    // HTTP stays at the edge: below the routes nothing sees Express.
    files: ['backend/src/**/*-service.ts', 'backend/src/**/*-repository.ts', 'backend/src/db/**', 'backend/src/crm/providers/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'express', message: 'Services, repositories and providers never see HTTP: return data, throw AppError.' }] }],
    },
  },
  {
    // Benchmarks use the backend as a workspace package, never its files by relative path.
    files: ['bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/backend/src/**', '**/backend/test/**'], message: 'Import @voiceagent/backend/… (bench depends on the backend package).' }] }],
    },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Scripts, tests and benchmarks talk to a terminal.
    files: ['**/test/**', '**/e2e/**', 'bench/**', '**/*.test.ts', '**/cli.ts', '**/*.config.ts', '.ci/**'],
    rules: { 'no-console': 'off' },
  },
);
