import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clerkCore, grant, importFile, tryInspect } from '../../tests/support/importHarness.ts';
import { tempDir } from '../../tests/support/tempDir.ts';

/**
 * Headers as Dukcapil's SIAK writes them (NAMA_LGKP, TMPT_LHR, JENIS_KLMIN, STAT_HBKEL,
 * NAMA_LGKP_IBU, JENIS_PKRJN, KEL_NAME, KEC_NAME) were left unmapped: birth place and mother's
 * name dropped without a word, name and relationship asked for.
 */
describe('headers of SIAK exports', () => {
  it('maps every SIAK column it knows and stores what they hold', async () => {
    const path = join(tempDir(), 'siak.csv');
    writeFileSync(
      path,
      [
        'NIK;NO_KK;NAMA_LGKP;TMPT_LHR;TGL_LHR;JENIS_KLMIN;STAT_HBKEL;NAMA_LGKP_IBU;JENIS_PKRJN;NO_RT;NO_RW;KEL_NAME;KEC_NAME',
        '3579011205800001;3579012003150004;BUDI SANTOSO;BATU;12-05-1980;LAKI-LAKI;KEPALA KELUARGA;SUMIATI;PETANI/PEKEBUN;001;002;ORO-ORO OMBO;BATU',
      ].join('\r\n') + '\r\n',
    );
    const { core, clerk } = await clerkCore();
    const file = grant(core, clerk, path);
    const inspect = await tryInspect(clerk, file);
    if (!inspect.ok) throw new Error(inspect.error.message);
    expect(inspect.value.mapping).toMatchObject({
      NAMA_LGKP: 'name',
      TMPT_LHR: 'birthPlace',
      JENIS_KLMIN: 'sex',
      STAT_HBKEL: 'relationship',
      NAMA_LGKP_IBU: 'motherName',
      JENIS_PKRJN: 'occupation',
      KEL_NAME: 'desa',
      KEC_NAME: 'kecamatan',
    });
    const run = await importFile(core, clerk, file, { mode: 'commit' });
    expect(run.result.counts).toMatchObject({ new: 1, errors: 0 });
    expect(
      core.db.sql.raw.prepare('SELECT name, birth_place, mother_name, relationship FROM people').get(),
    ).toEqual({
      name: 'BUDI SANTOSO',
      birth_place: 'BATU',
      mother_name: 'SUMIATI',
      relationship: 'kepala_keluarga',
    });
    await core.close();
  });
});
