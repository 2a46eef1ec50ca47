import { resolve } from 'node:path';
import { AppFailure } from '../../common/errors.ts';
import { restoreBackup } from '../../core/backup/restore.ts';
import { existingFile, parse, required, UsageError, writableTarget } from '../args.ts';
import { emit } from '../output.ts';
import { secret } from '../prompt.ts';
import { CliSession, followJob } from '../session.ts';

export const backupHelp = `backup --out FILE.bansos-backup --data DIR --user NAMA
    Cadangan terenkripsi (kunci yang sama dengan database). Bisa dijalankan saat aplikasi terbuka.
restore FILE.bansos-backup --data DIR (--user NAMA | --recovery) [--replace]
    Memulihkan ke folder data (harus kosong, kecuali --replace: data lama dipindah ke subfolder).
    Kata sandi dari BANSOS_PASSWORD, kode pemulihan dari BANSOS_RECOVERY_CODE, atau ditanyakan.`;

export async function backup(argv: string[]): Promise<void> {
  const { values } = parse(argv, { out: { type: 'string' } });
  const out = required(values.out, 'out');
  if (!out.endsWith('.bansos-backup'))
    throw new UsageError('Nama berkas cadangan harus berakhiran .bansos-backup');
  writableTarget(out, 'berkas cadangan');
  const session = CliSession.create(values.data, { save: out }, ['requests']);
  try {
    await session.login(values.user);
    const chosen = await session.call('files.chooseSave', {
      purpose: 'backup',
      suggestedName: out.split(/[\\/]/).pop() ?? out,
    });
    if (!chosen) throw new AppFailure('CANCELLED', 'Tidak ada berkas tujuan.');
    const { jobId } = await session.call('backup.start', { target: chosen.handle });
    const result = (await followJob(session, jobId)) as { bytes: number };
    emit(
      values.json,
      { file: resolve(out), bytes: result.bytes },
      () => `Cadangan tersimpan: ${resolve(out)} (${result.bytes} bita).`,
    );
  } finally {
    await session.close();
  }
}

export async function restore(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    recovery: { type: 'boolean', default: false },
    replace: { type: 'boolean', default: false },
  });
  const file = positionals[0];
  if (!file) throw new UsageError('Pakai: restore FILE.bansos-backup --data DIR --user NAMA');
  // A missing --data is a usage mistake, said before anything about the file.
  const data = required(values.data, 'data');
  existingFile(file, 'Berkas cadangan');
  const credentials = values.recovery
    ? { recoveryCode: await secret('BANSOS_RECOVERY_CODE', 'Kode pemulihan: ') }
    : {
        username: required(values.user, 'user'),
        password: await secret('BANSOS_PASSWORD', `Kata sandi ${values.user}: `),
      };
  const result = await restoreBackup(resolve(file), resolve(data), credentials, { replace: values.replace });
  emit(
    values.json,
    { dataDir: resolve(data), createdAt: result.header.createdAt, replacedTo: result.replacedTo },
    () =>
      [
        `Cadangan ${result.header.createdAt} dipulihkan ke ${resolve(data)}.`,
        result.replacedTo ? `Data lama dipindahkan ke ${result.replacedTo}.` : '',
        'Masuk dengan kata sandi yang berlaku saat cadangan dibuat.',
      ]
        .filter(Boolean)
        .join('\n'),
  );
}
