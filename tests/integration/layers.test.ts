import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The layer rules of ARCHITECTURE.md, proved by linting a wrong import in each layer. */
const eslint = new ESLint({ cwd: process.cwd() });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ['renderer/features/x/Bad.tsx', "import { readFileSync } from 'node:fs';"],
    ['renderer/features/x/Bad.tsx', "import Database from 'better-sqlite3-multiple-ciphers';"],
    ['renderer/features/x/Bad.tsx', "import ExcelJS from 'exceljs';"],
    ['renderer/features/x/Bad.tsx', "import { BansosCore } from '../../../core/app.ts';"],
    ['common/bad.ts', "import { Sql } from '../db/sql.ts';"],
    ['common/bad.ts', "import { createHash } from 'node:crypto';"],
    ['db/bad.ts', "import { BansosCore } from '../core/app.ts';"],
    ['core/bad.ts', "import { app } from 'electron';"],
    ['core/bad.ts', "import { createWebHost } from '../webhost/server.ts';"],
    ['server/bad.ts', "import { BansosCore } from '../core/app.ts';"],
    ['cli/bad.ts', "import { app } from 'electron';"],
  ])('%s may not: %s', async (file, code) => {
    expect(await importErrors(file, `${code}\nexport const x = 1;\n`)).not.toEqual([]);
  });

  it.each([
    ['renderer/features/x/Good.tsx', "import { checkNik } from '../../../common/domain/idNumbers.ts';"],
    ['core/good.ts', "import { Sql } from '../db/sql.ts';"],
    ['electron/good.ts', "import { app } from 'electron';"],
  ])('%s may: %s', async (file, code) => {
    expect(await importErrors(file, `${code}\nexport const x = 1;\n`)).toEqual([]);
  });
});
