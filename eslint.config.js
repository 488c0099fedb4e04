// Lint: type-aware rules that catch the bugs that cost money in a queue-driven pipeline —
// floating promises (a chunk write nobody awaits) and non-exhaustive switches over job names,
// outcomes and reason codes.
import tseslint from 'typescript-eslint';

export default tseslint.config({ ignores: ['node_modules/**', 'output/**', 'data/**', 'coverage/**'] }, ...tseslint.configs.recommended, {
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
});
