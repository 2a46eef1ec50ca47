import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEXT_LIMITS } from '../../common/domain/text.ts';
import { clerkCore, grant, importFile } from '../../tests/support/importHarness.ts';

const HEADER = 'NO_KK;NIK;NAMA;TGL_LAHIR;JK;SHDK;DESA;RT;RW;ALAMAT';
const row = (n: number, name: string, address = 'Jl. Kenanga 3') =>
  `357903200315000${n};35790312058000${String(n).padStart(2, '0')};${name};12-05-1980;L;1;Junrejo;3;1;${address}`;

describe('import text hygiene (issue 12)', () => {
  it('makes NUL, bidi, control and over-long names or addresses error rows and stores none of them', async () => {
    const { core, clerk, files } = await clerkCore();
    const lines = [
      HEADER,
      row(1, 'Sugeng\u0000Raharjo'),
      row(2, 'Ratna \u202Eiwed'),
      row(3, 'x'.repeat(5000)),
      row(4, 'Budi Santoso', 'Jl. Mawar\u2066 9'),
      row(5, 'Agus\u0007 Salim'),
      row(6, 'Siti\u200B Aminah\uFEFF', 'Jl. Melati 1'),
      row(7, 'Dewi Lestari', 'y'.repeat(TEXT_LIMITS.address + 1)),
    ];
    const path = join(files, 'kotor.csv');
    writeFileSync(path, lines.join('\r\n'), 'utf8');
    const { result } = await importFile(core, clerk, grant(core, clerk, path), { mode: 'commit' });
    const codes = (n: number) =>
      result.problems.filter((p) => p.row === n && p.severity === 'error').map((p) => p.code);
    expect(codes(2)).toContain('TEXT_CONTROL');
    expect(codes(3)).toContain('TEXT_CONTROL');
    expect(codes(4)).toContain('TEXT_TOO_LONG');
    expect(codes(5)).toContain('TEXT_CONTROL');
    expect(codes(6)).toContain('TEXT_CONTROL');
    expect(codes(8)).toContain('TEXT_TOO_LONG');
    expect(codes(7)).toEqual([]);
    const long = result.problems.find((p) => p.row === 4 && p.code === 'TEXT_TOO_LONG')!;
    expect(long.message).toMatch(/^Nama lebih dari 120 huruf/);
    expect(result.counts).toMatchObject({ new: 1, errors: 6 });
    // Zero-width characters are stripped, not stored.
    const people = await clerk.ok('registry.findPeople', { query: 'aminah' });
    expect(people.map((p) => p.name)).toEqual(['Siti Aminah']);
    const names = core.db.sql.raw
      .prepare('select name, mother_name from people union all select address, null from households')
      .all() as { name: string }[];
    for (const { name } of names) {
      // eslint-disable-next-line no-control-regex
      expect(name).not.toMatch(/[\u0000-\u001f\u202a-\u202e\u2066-\u2069\u200b-\u200d\ufeff]/);
      expect(name.length).toBeLessThanOrEqual(TEXT_LIMITS.personName);
    }
    await core.close();
  });
});
