// Lint keeps the layers apart (see ARCHITECTURE.md): a wrong import fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'http',
  'https',
  'net',
  'url',
  'stream',
  'util',
  'events',
  'buffer',
  'zlib',
];
const driverAndFiles = [
  'better-sqlite3-multiple-ciphers',
  'better-sqlite3',
  'exceljs',
  'kysely',
  'pg',
  'fastify',
];

/** Builds a no-restricted-imports rule: `folders` are sibling layers this layer must not reach. */
function layerRule(folders, packages) {
  return [
    'error',
    {
      patterns: [
        ...folders.map((f) => ({
          group: [`**/${f}/*`, `**/${f}`],
          message: `Lapisan ini tidak boleh mengimpor ${f}/ (lihat ARCHITECTURE.md).`,
        })),
        ...(packages.length
          ? [
              {
                group: packages,
                message: 'Paket ini tidak boleh dipakai di lapisan ini (lihat ARCHITECTURE.md).',
              },
            ]
          : []),
      ],
      paths: [{ name: 'electron', message: 'Hanya electron/ yang boleh mengimpor electron.' }],
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'tests/artifacts/**',
      '.data/**',
      'build/vendor/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  // electron-builder loads hooks with require().
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Migrations are frozen in time: they must not follow today's schema types (DESIGN.md).
  { files: ['db/migrations/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  {
    files: ['common/**'],
    rules: {
      'no-restricted-imports': layerRule(
        ['db', 'core', 'electron', 'webhost', 'cli', 'renderer', 'server'],
        [...nodeBuiltins, ...driverAndFiles, 'react'],
      ),
    },
  },
  {
    files: ['db/**'],
    rules: {
      'no-restricted-imports': layerRule(
        ['core', 'electron', 'webhost', 'cli', 'renderer', 'server'],
        ['exceljs', 'fastify', 'react'],
      ),
    },
  },
  {
    files: ['core/**'],
    rules: {
      'no-restricted-imports': layerRule(
        ['electron', 'webhost', 'cli', 'renderer', 'server'],
        ['fastify', 'react'],
      ),
    },
  },
  {
    files: ['cli/**', 'webhost/*.ts'],
    rules: { 'no-restricted-imports': layerRule(['electron', 'renderer', 'server'], ['react']) },
  },
  {
    files: ['server/**'],
    rules: {
      'no-restricted-imports': layerRule(
        ['db', 'core', 'electron', 'webhost', 'cli', 'renderer'],
        ['better-sqlite3', 'exceljs', 'react'],
      ),
    },
  },
  {
    files: ['renderer/**', 'webhost/browser/**'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': layerRule(
        ['db', 'core', 'electron', 'webhost', 'cli', 'server'],
        [...nodeBuiltins, ...driverAndFiles],
      ),
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/renderer/*', '**/webhost/*', '**/cli/*', '**/server/*'],
              message: 'electron/ hanya merangkai core.',
            },
          ],
        },
      ],
    },
  },
);
