// Lint: type-aware rules that catch the bugs that cost money in a queue-driven pipeline —
// floating promises (a chunk write nobody awaits) and non-exhaustive switches over job names,
// outcomes and reason codes — and the layers of the code base.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'output/**', 'data/**', 'coverage/**', 'dist/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The layers (README, "Architecture"): db → runs → queue → cli; jobs plug into runs; reports
  // depend on jobs, never the reverse. Each layer imports only what lies below it; the machinery
  // is handed the jobs and workbooks (jobOf/workbookOf are injected), it never imports them.
  layer('src/db/**', ['runs', 'queue', 'cli', 'import', 'generate', 'jobs', 'reports'], 'the database layer is the bottom one'),
  layer(
    'src/payments/**',
    ['runs', 'queue', 'cli', 'import', 'generate', 'jobs', 'reports'],
    'the payment modules are pure building blocks below the import and the release',
  ),
  layer(
    'src/alerts/**',
    ['db', 'runs', 'queue', 'cli', 'import', 'generate', 'jobs', 'reports'],
    'alerts are a leaf: they are handed events (job, year, run id), they never read runs themselves',
  ),
  layer('src/import/**', ['runs', 'queue', 'cli', 'generate', 'jobs', 'reports'], 'the import knows files and tables only'),
  layer(
    'src/runs/**',
    ['queue', 'cli', 'jobs', 'reports'],
    'the run machinery (with the in-process runner) lies below the queue; it gets jobs and workbooks injected',
  ),
  layer('src/queue/**', ['cli', 'jobs', 'reports'], 'the queue gets jobs and workbooks injected'),
  layer('jobs/**', ['cli', 'queue', 'reports', 'generate'], 'a job knows nothing of workbooks, queues or the CLI', ['exceljs']),
  layer('reports/**', ['cli', 'queue', 'generate'], 'reports read runs and jobs, nothing above them'),
);

/** Forbids, in `files`, imports of the named folders (src/<name>/ or <name>/ at the top) and packages. */
function layer(files, folders, why, packages = []) {
  return {
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: packages.map((name) => ({ name, message: why })),
          patterns: [{ regex: `(^|/)(src/)?(${folders.join('|')})/`, message: why }],
        },
      ],
    },
  };
}
