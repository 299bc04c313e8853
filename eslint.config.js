// One flat config for the whole monorepo, run from the root (`pnpm lint`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // assembly/ folders hold AssemblyScript (compiled by asc, not tsc): TypeScript syntax, another type system.
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/*.js', '**/*.mjs', '**/*.cjs', 'packages/*/assembly/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Config files sit outside every package's tsconfig; lint them with a default project.
        // One vitest.config.ts per package: more than the default limit of 8 default-project files.
        projectService: {
          allowDefaultProject: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'vitest.shared.ts'],
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 24,
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // Every switch over a union lists every case, so adding an activation, loss or optimizer
      // makes the compiler and lint name each place that must handle it (no silent default).
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false, allowDefaultCaseForExhaustiveSwitch: true }],
    },
  },
  {
    files: ['**/*.test.ts', '**/test-support/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
);
