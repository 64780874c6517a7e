// Workspace lint config (ESLint 9 flat config). Run `npm run lint` (= `eslint . --max-warnings 0`) or `npx nx run-many -t lint`.
//
// Module boundaries (STYLE.md convention 2) are enforced twice:
//   1. `@nx/enforce-module-boundaries` — tag-based (`type:*`, `scope:*` in each project.json), reads the Nx project graph;
//   2. `no-restricted-imports` — a plain-ESLint fallback for the rules that matter most, so they hold even when the
//      Nx graph is unavailable (the Nx rule then prints a warning and skips itself) or a file belongs to no project.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier/flat';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// The Nx rule only reads a *cached* project graph (.nx/workspace-data). When ESLint is started directly
// (`npx eslint .`, an editor) rather than by an Nx task, compute the graph first so new projects, tags and
// files are seen and the boundaries rule never silently skips. Nx tasks set NX_TASK_TARGET_PROJECT and have
// already computed the graph. nx.json disables the daemon and Nx Cloud, so this stays local (~1-3 s).
if (!process.env.NX_TASK_TARGET_PROJECT) {
  try {
    const { createProjectGraphAsync } = await import('@nx/devkit');
    await createProjectGraphAsync({ exitOnError: false });
  } catch (error) {
    console.warn(
      `eslint.config.mjs: could not compute the Nx project graph (${error?.message ?? error}); boundaries rely on no-restricted-imports only`,
    );
  }
}

const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts'];
const JS_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs'];
const ALL_FILES = [...TS_FILES, ...JS_FILES];

// Spec files of the three test layers (STYLE.md 13).
const SPEC_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'];
// Code that may import @issuer/testing: specs, the e2e/ suite with its helpers, and the test-helper lib itself.
// tools/bench drives the platform like the end-to-end suite does, so it may use the test harness too.
const TEST_FILES = [...SPEC_FILES, 'e2e/**', 'tools/bench/**', 'libs/testing/**', 'apps/*/test/**'];
// Code where `any` is tolerated (fakes, partial doubles, parsed test responses): specs, e2e/, the bench and the test-helper lib.
const ANY_ALLOWED_FILES = [...SPEC_FILES, 'e2e/**', 'tools/bench/**', 'libs/testing/**'];

// Domain and contract libs stay free of framework, persistence and transport (STYLE.md conventions 2 and 3).
const PURE_LIBS = [
  'libs/contracts/**',
  'libs/oauth2/**',
  'libs/oid4vp/**',
  'libs/oid4vci/**',
  'libs/credentials/**',
  'libs/status-list/**',
];
const BANNED_IN_PURE_LIBS = ['@nestjs/*', 'typeorm', 'typeorm/*', 'nats', 'nats/*'];

// Only apps/standalone composes the service modules into one process, through the `@issuer/app-<service>`
// aliases (tsconfig.base.json). Nx forbids importing an application project outright ("Imports of apps are
// forbidden") and offers no tag that lifts that, so the standalone files — and only they — get the rule's
// `allow` option for exactly these aliases (an anchored regex: Nx treats a non-glob `allow` entry as a RegExp).
// Every other project lints with an empty `allow`, so an `@issuer/app-*` import anywhere else is an error.
const APP_ALIAS_REGEX = '^@issuer/app-[a-z0-9-]+$';

const LIB_TAGS = ['type:contracts', 'type:domain', 'type:platform'];

/** Tag constraints; test files may additionally depend on libs/testing (`type:testing`). */
function depConstraints({ test }) {
  const testing = test ? ['type:testing'] : [];
  return [
    {
      sourceTag: 'type:contracts',
      onlyDependOnLibsWithTags: ['type:contracts', ...testing],
      bannedExternalImports: BANNED_IN_PURE_LIBS,
    },
    {
      sourceTag: 'type:domain',
      onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', ...testing],
      bannedExternalImports: BANNED_IN_PURE_LIBS,
    },
    { sourceTag: 'type:platform', onlyDependOnLibsWithTags: [...LIB_TAGS, ...testing] },
    { sourceTag: 'type:testing', onlyDependOnLibsWithTags: [...LIB_TAGS, 'type:testing'] },
    // Apps depend on libs only; app-to-app imports are refused by Nx itself (see APP_ALIAS_REGEX above).
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: [...LIB_TAGS, ...testing] },
    // Shared libs never reach into a deployable's scope.
    { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
    { sourceTag: 'scope:service', onlyDependOnLibsWithTags: ['scope:shared'] },
    { sourceTag: 'scope:edge', onlyDependOnLibsWithTags: ['scope:shared'] },
  ];
}

function moduleBoundaries({ test, standalone }) {
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allowCircularSelfDependency: false,
      allow: standalone ? [APP_ALIAS_REGEX] : [],
      depConstraints: depConstraints({ test }),
    },
  ];
}

function restrictedImports({ test, standalone, pureLib }) {
  const patterns = [];
  if (pureLib) {
    patterns.push({
      group: BANNED_IN_PURE_LIBS,
      message: 'Domain and contract libs must not import NestJS, TypeORM or NATS: take callbacks / plain objects instead (STYLE.md 2, 3).',
    });
  }
  if (!standalone) {
    patterns.push({ regex: APP_ALIAS_REGEX, message: 'Only apps/standalone may import the @issuer/app-* composition aliases.' });
  }
  // One public barrel per lib, one alias to it (STYLE.md 1): `@issuer/<lib>/…` deep imports are refused.
  patterns.push({ regex: '^@issuer/[^/]+/', message: 'Import a lib through its barrel (@issuer/<lib>), not a deep path.' });
  if (!test) {
    patterns.push({ group: ['@issuer/testing'], message: '@issuer/testing is for *.spec.ts, *.int-spec.ts, *.e2e-spec.ts and e2e/ only.' });
    // apps/<app>/test/ holds fakes of external services; the image drops it, so production code must not need it.
    patterns.push({ regex: '(^|/)test/', message: "An app's test/ folder (fakes of external services) is for its tests only." });
  }
  return ['error', { patterns }];
}

// Boundary blocks: the same two rules configured per area and per test/non-test. A later block replaces an
// earlier block's options for the same rule, so areas go from general to specific and each block is complete.
const AREAS = [
  { name: 'workspace', files: ALL_FILES, standalone: false, pureLib: false },
  { name: 'standalone', files: ['apps/standalone/**'], standalone: true, pureLib: false },
  { name: 'pure-libs', files: PURE_LIBS, standalone: false, pureLib: true },
];
const boundaryBlocks = AREAS.flatMap((area) =>
  [false, true].map((test) => ({
    name: `issuer/boundaries/${area.name}${test ? '/tests' : ''}`,
    // `[[a, b]]` = the file must match both an area glob and a test glob.
    files: test ? area.files.flatMap((f) => TEST_FILES.map((t) => [f, t])) : area.files,
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries({ test, standalone: area.standalone }),
      'no-restricted-imports': restrictedImports({ test, ...area }),
    },
  })),
);

export default defineConfig(
  {
    name: 'issuer/ignores',
    ignores: ['**/dist/**', '**/node_modules/**', '**/.data*/**', '**/.test-results/**', '**/.nx/**', '**/coverage/**'],
  },
  { name: 'issuer/nx-plugin', plugins: { '@nx': nx } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'issuer/language',
    files: ALL_FILES,
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    name: 'issuer/rules',
    files: ALL_FILES,
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    name: 'issuer/tests',
    files: ANY_ALLOWED_FILES,
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  boundaryBlocks,
  // The console (apps/console) runs in browsers: browser globals, React's rules of hooks, `any` as everywhere else.
  {
    name: 'issuer/console',
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx', 'apps/console/**/*.mts'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  // Must stay last: turns off every stylistic rule that would fight Prettier.
  prettier,
);
