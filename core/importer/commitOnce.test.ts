import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../tests/support/core.ts';
import { setUpCore, userWithRole } from '../../tests/support/core.ts';
import type { BansosCore } from '../app.ts';

/**
 * A checked file is saved once: a double click on "Simpan" (two import.start commits before the
 * screen redraws) made two batches, and the screen then showed the second, empty one, whose undo
 * left the people of the first in place (outside UI probe). The second commit of the same chosen
 * file is refused while the first runs and after it committed; once its batch is undone, or with
 * the file chosen again, it may be saved again.
 */
const HEADER = 'NOMOR_KK;NOMOR_NIK;NAMA;TANGGAL_LAHIR;JENIS_KELAMIN;HUBUNGAN_KELUARGA;DESA_KELURAHAN';
const ROWS = [
  '3579010505160031;3579011507700031;Hadi Purnomo;15-07-1970;L;KEPALA KELUARGA;Oro-oro Ombo',
  '3579010505160031;3579015208720032;Sri Wahyuni;12-08-1972;P;ISTRI;Oro-oro Ombo',
];

async function clerkWithFile() {
  const setup = await setUpCore();
  const clerk = await userWithRole(setup.core, setup.admin, 'clerk');
  const path = join(setup.files, 'usulan.csv');
  writeFileSync(path, [HEADER, ...ROWS].join('\r\n') + '\r\n');
  return { ...setup, clerk, path };
}

function grant(core: BansosCore, client: Client, path: string): string {
  return core.files.grant(path, 'read', core.sessions.get(client.token)!.userId);
}

async function startCommit(client: Client, file: string) {
  const inspect = await client.ok('import.inspect', { file, kind: 'recipients' });
  return client.call('import.start', {
    file,
    kind: 'recipients',
    sheet: inspect.sheet,
    headerRow: inspect.headerRow,
    mapping: inspect.mapping,
    mode: 'commit',
    options: { onExisting: 'update' },
  });
}

describe('a checked file is saved once', () => {
  it('refuses a second commit while the first runs and after it committed, and says where to look', async () => {
    const { core, clerk, path } = await clerkWithFile();
    const file = grant(core, clerk, path);
    const inspect = await clerk.ok('import.inspect', { file, kind: 'recipients' });
    const spec = {
      file,
      kind: 'recipients' as const,
      sheet: inspect.sheet,
      headerRow: inspect.headerRow,
      mapping: inspect.mapping,
      mode: 'commit' as const,
      options: { onExisting: 'update' as const },
    };
    // Two clicks before the screen redraws: both requests arrive before the first job ends.
    const [first, second] = await Promise.all([
      clerk.call('import.start', spec),
      clerk.call('import.start', spec),
    ]);
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(second.ok ? '' : second.error.message).toMatch(/sedang disimpan.*Riwayat impor/s);
    const job = await core.jobs.wait(first.ok ? first.value.jobId : '');
    expect(job.state).toBe('done');

    const third = await startCommit(clerk, file);
    expect(third).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(third.ok ? '' : third.error.message).toMatch(/sudah disimpan.*Riwayat impor/s);
    const batches = await clerk.ok('import.batches', {});
    expect(batches).toHaveLength(1);
    expect(batches[0]!.counts).toMatchObject({ new: 2 });

    // A check of the same file is still allowed: it writes nothing.
    const preview = await clerk.call('import.start', { ...spec, mode: 'preview' });
    expect(preview.ok).toBe(true);
    if (preview.ok) await core.jobs.wait(preview.value.jobId);

    // Undone, the same file may be saved again.
    await clerk.ok('import.undo', { batchId: batches[0]!.id });
    const again = await startCommit(clerk, file);
    expect(again.ok).toBe(true);
    if (again.ok) expect((await core.jobs.wait(again.value.jobId)).state).toBe('done');
    await core.close();
  });

  it('lets a commit that failed or was cancelled be tried again', async () => {
    const { core, clerk, path } = await clerkWithFile();
    const file = grant(core, clerk, path);
    const first = await startCommit(clerk, file);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    await clerk.ok('jobs.cancel', { jobId: first.value.jobId });
    const ended = await core.jobs.wait(first.value.jobId);
    if (ended.state === 'cancelled') {
      const retry = await startCommit(clerk, file);
      expect(retry.ok).toBe(true);
      if (retry.ok) await core.jobs.wait(retry.value.jobId);
    }
    await core.close();
  });
});
