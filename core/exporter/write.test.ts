import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { monthsAgo, saveReport } from '../../tests/fixtures/reports/seed.ts';
import { setUpCore, userWithRole } from '../../tests/support/core.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { openCsv, openXlsx } from './write.ts';

/**
 * Issue 12: every file holding personal data is readable by its owner alone (0600), xlsx as
 * much as CSV, PDF and backups: exceljs creates its own files 0644.
 */
const mode = (path: string) => statSync(path).mode & 0o777;
const COLUMNS = [{ header: 'NIK', type: 'id' as const, width: 20 }];

describe('exports are owner-only files (issue 12)', () => {
  it('an xlsx and a CSV list are written 0600, also over an older 0644 file', async () => {
    const dir = tempDir();
    for (const [name, open] of [
      ['daftar.xlsx', (p: string) => openXlsx(p, COLUMNS, { sheetName: 'Daftar' })],
      ['daftar.csv', (p: string) => openCsv(p, COLUMNS, ';')],
    ] as const) {
      for (const existing of [false, true]) {
        const path = join(dir, `${existing ? 'lama-' : ''}${name}`);
        if (existing) {
          writeFileSync(path, 'lama');
          chmodSync(path, 0o644);
        }
        const sink = await open(path);
        sink.add(['3579010101800001']);
        await sink.close();
        expect(mode(path), path).toBe(0o600);
      }
    }
  });

  it('an export through the app, in Excel and CSV, and a report in Excel are 0600', async () => {
    const { core, admin, files } = await setUpCore();
    const clerk = await userWithRole(core, admin, 'clerk');
    for (const format of ['xlsx', 'csv'] as const) {
      const chosen = await clerk.ok('files.chooseSave', {
        purpose: 'export',
        suggestedName: `penerima.${format}`,
      });
      await clerk.job('export.start', { kind: 'recipients', format, target: chosen!.handle });
      expect(mode(join(files, `penerima.${format}`)), format).toBe(0o600);
    }
    const manager = await userWithRole(core, admin, 'manager');
    const { path } = await saveReport(
      manager,
      files,
      { report: 'pengaduan', period: monthsAgo(0) },
      'xlsx',
      'pengaduan',
    );
    expect(mode(path)).toBe(0o600);
    await core.close();
  }, 60_000);
});
