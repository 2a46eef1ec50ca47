import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { api } from '../common/api/contract.ts';
import { fileHandle } from '../common/api/fields.ts';
import { setUpCore, userWithRole } from '../tests/support/core.ts';
import { SAVE_PURPOSE } from './files.ts';

describe('save handles keep the purpose they were chosen for', () => {
  // The web host serves a saved file to whoever holds the permission of the handle's purpose
  // (webhost/downloads.ts): a recipients export or a backup written into a handle chosen "for a
  // report" would be downloadable with reports.read alone, by an auditor.
  it('refuses an export or a backup into a handle chosen for a report; the right purpose still works', async () => {
    const { core, admin, files } = await setUpCore();
    const manager = await userWithRole(core, admin, 'manager');

    const forReport = await manager.ok('files.chooseSave', {
      purpose: 'report',
      suggestedName: 'laporan.csv',
    });
    const exported = await manager.call('export.start', {
      kind: 'recipients',
      format: 'csv',
      target: forReport!.handle,
    });
    expect(exported).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    if (!exported.ok)
      expect(exported.error.message).toBe(
        'Berkas "laporan.csv" dipilih untuk menyimpan laporan, bukan ekspor data. Pilih lagi tempat menyimpan ekspor data dari tombol simpannya.',
      );
    const reportBackup = await manager.ok('files.chooseSave', {
      purpose: 'report',
      suggestedName: 'laporan.bansos-backup',
    });
    const backedUp = await manager.call('backup.start', { target: reportBackup!.handle });
    expect(backedUp).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    if (!backedUp.ok) expect(backedUp.error.message).toContain('bukan cadangan');
    expect(existsSync(join(files, 'laporan.csv'))).toBe(false);
    expect(existsSync(join(files, 'laporan.bansos-backup'))).toBe(false);

    const forExport = await manager.ok('files.chooseSave', {
      purpose: 'export',
      suggestedName: 'penerima.csv',
    });
    await manager.job('export.start', { kind: 'recipients', format: 'csv', target: forExport!.handle });
    expect(existsSync(join(files, 'penerima.csv'))).toBe(true);
    const forBackup = await manager.ok('files.chooseSave', {
      purpose: 'backup',
      suggestedName: 'kantor.bansos-backup',
    });
    await manager.job('backup.start', { target: forBackup!.handle });
    expect(existsSync(join(files, 'kantor.bansos-backup'))).toBe(true);
    await core.close();
  });

  it('every method that writes into a save handle says for which purpose', () => {
    const writers = Object.entries(api)
      .filter(
        ([, spec]) =>
          'shape' in spec.input && (spec.input.shape as Record<string, unknown>).target === fileHandle,
      )
      .map(([name]) => name)
      .sort();
    expect(writers.length).toBeGreaterThan(0);
    expect(writers).toEqual(Object.keys(SAVE_PURPOSE).sort());
  });
});
