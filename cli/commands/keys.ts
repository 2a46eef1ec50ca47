import { parse, UsageError } from '../args.ts';
import { emit } from '../output.ts';
import { CliSession } from '../session.ts';

export const keysHelp = `keys rotate --data DIR --user ADMIN
    Mengganti kunci database dan membungkus ulang semua slot kunci (setelah pengguna dihapus, misalnya).
keys recovery-code --data DIR --user ADMIN
    Membuat kode pemulihan baru (kode lama tidak berlaku lagi) dan mencetaknya sekali.`;

export async function keys(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {});
  const action = positionals[0];
  if (action !== 'rotate' && action !== 'recovery-code')
    throw new UsageError('Pakai: keys rotate | keys recovery-code');
  const session = CliSession.create(values.data);
  try {
    const password = await session.login(values.user);
    if (action === 'rotate') {
      const result = await session.call('keys.rotate', { password });
      emit(
        values.json,
        result,
        () => `Kunci database diganti pada ${result.rotatedAt}. Semua kata sandi tetap berlaku.`,
      );
    } else {
      const result = await session.call('keys.newRecoveryCode', { password });
      emit(
        values.json,
        result,
        () =>
          `KODE PEMULIHAN BARU: ${result.recoveryCode}\nSimpan di tempat aman; kode lama tidak berlaku lagi.`,
      );
    }
  } finally {
    await session.close();
  }
}
