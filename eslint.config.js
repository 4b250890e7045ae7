// Flat config: typescript-eslint recommended rules plus the module boundaries of docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'test-results/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Module boundaries (docs/architecture.md): each outside dependency belongs to one feature folder, and
    // the product never depends on the simulators (only tests and benchmarks do).
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@flux-orchestrator/sim', '@flux-orchestrator/sim/*', '**/sim/**'], message: 'Product code must not know about the simulator.' },
            { group: ['kysely', 'better-sqlite3', 'pg', 'mysql2', 'mysql2/*'], message: 'Only server/src/store/ talks to the database.' },
            { group: ['@azure/*'], message: 'Only server/src/azure/ uses the Azure SDKs.' },
            { group: ['@kubernetes/client-node'], message: 'Only server/src/connections/, health/, fleet/ and workloads/ use Kubernetes clients.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@azure/*', '@kubernetes/client-node', '@flux-orchestrator/sim', '@flux-orchestrator/sim/*'], message: 'The store only talks to the database.' }] }],
    },
  },
  {
    files: ['server/src/azure/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['kysely', 'better-sqlite3', 'pg', 'mysql2', '@kubernetes/client-node', '@flux-orchestrator/sim', '@flux-orchestrator/sim/*'], message: 'Azure code uses the store and clusters features, not their libraries.' }] }],
    },
  },
  {
    // Kubernetes transport: client-node lives here (and in health/, whose probes run on a worker thread;
    // workloads/ uses its typed apps/core clients for scale, restart and pod deletion).
    files: ['server/src/connections/**/*.ts', 'server/src/health/**/*.ts', 'server/src/fleet/**/*.ts', 'server/src/workloads/**/*.ts'],
    ignores: ['server/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['kysely', 'better-sqlite3', 'pg', 'mysql2', '@azure/*', '@flux-orchestrator/sim', '@flux-orchestrator/sim/*'], message: 'Connection code uses the store feature, not database libraries, and knows nothing of Azure.' }] }],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}', 'web/public/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['sim/src/cli.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'server/src/main.ts', 'server/src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
