import { resolve } from 'node:path';
import { parse, required, UsageError } from '../args.ts';
import { emit } from '../output.ts';
import { secret } from '../prompt.ts';
import { CliSession } from '../session.ts';

export const initHelp = `init --data DIR --user NAMA [--name "Nama Lengkap"] [--office "Nama Kantor"]
    Menyiapkan folder data baru: database terenkripsi dan akun administrator pertama.
    Kata sandi dari BANSOS_PASSWORD atau ditanyakan. Kode pemulihan dicetak SEKALI.`;

export async function init(argv: string[]): Promise<void> {
  const { values } = parse(argv, { name: { type: 'string' }, office: { type: 'string' } });
  const username = required(values.user, 'user');
  let password = process.env.BANSOS_PASSWORD;
  if (!password) {
    password = await secret('BANSOS_PASSWORD', `Kata sandi baru untuk ${username} (minimal 15 karakter): `);
    const again = await secret('BANSOS_PASSWORD', 'Ulangi kata sandi: ');
    if (again !== password) throw new UsageError('Kedua kata sandi tidak sama.');
  }
  const session = CliSession.create(values.data);
  try {
    const { recoveryCode } = await session.call('setup.init', {
      username,
      fullName: values.name ?? username,
      password,
      officeName: values.office ?? 'Dinas Sosial Kota Batu',
    });
    emit(values.json, { dataDir: resolve(values.data!), admin: username, recoveryCode }, () =>
      [
        `Folder data siap: ${resolve(values.data!)}`,
        `Administrator: ${username}`,
        '',
        `KODE PEMULIHAN: ${recoveryCode}`,
        'Tulis atau cetak kode ini dan simpan di tempat aman (misalnya brankas kantor).',
        'Kode ini hanya ditampilkan sekali. Tanpa kode ini dan tanpa kata sandi, data tidak dapat dibuka.',
      ].join('\n'),
    );
  } finally {
    await session.close();
  }
}
