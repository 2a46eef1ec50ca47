import { resolve } from 'node:path';
import type { Permission } from '../../common/auth/roles.ts';
import { AppFailure } from '../../common/errors.ts';
import { DEMO_PASSWORD, DEMO_STAFF, fillDemo } from '../../core/demo/setupDemo.ts';
import { parse, required, UsageError } from '../args.ts';
import { emit } from '../output.ts';
import { CliSession } from '../session.ts';

export const demoHelp = `demo --data DIR --user NAMA [--households N]
    Membuat (atau menambah) folder data berisi DATA DEMO SINTETIS: keluarga di 24 desa/kelurahan,
    program, 12 bulan penyaluran, verifikasi, kasus dan pengaduan, serta akun staf demo.
    Folder baru: NAMA menjadi administrator dengan kata sandi dari BANSOS_PASSWORD.`;

/** Creating accounts and turning a folder into a demo folder: what an administrator holds. */
const DEMO_NEEDS: Permission[] = ['users.manage', 'settings.manage'];

export async function demo(argv: string[]): Promise<void> {
  const { values } = parse(argv, { households: { type: 'string', default: '1500' } });
  const households = Number(values.households);
  if (!Number.isInteger(households) || households < 1 || households > 1_000_000)
    throw new UsageError('--households harus bilangan bulat 1 sampai 1.000.000.');
  const username = required(values.user, 'user');
  const session = CliSession.create(values.data);
  try {
    if (!session.core.vault.initialized) {
      const password = process.env.BANSOS_PASSWORD;
      if (!password) throw new UsageError('Folder baru: isi BANSOS_PASSWORD untuk akun administrator.');
      await session.call('setup.init', {
        username,
        fullName: 'Administrator Demo',
        password,
        officeName: 'Dinas Sosial Kota Batu (DEMO)',
      });
    } else {
      await session.login(username);
      // The demo writes families over the whole city straight into the database and creates
      // staff accounts with a password printed for all to read: the administrator's call only.
      const { permissions } = await session.call('auth.me', {});
      if (!DEMO_NEEDS.every((p) => permissions.includes(p)))
        throw new AppFailure(
          'FORBIDDEN',
          'Data demo hanya dapat dibuat oleh administrator, karena ditulis untuk seluruh kota dan membuat akun staf demo. Jalankan "demo" dengan --user akun administrator, atau buat folder demo baru dengan --data FOLDER-BARU.',
        );
    }
    const started = Date.now();
    const summary = await fillDemo(
      session.core,
      (method, input) => session.call(method as never, input as never),
      households,
      (done, total, phase) => {
        if (process.stderr.isTTY) process.stderr.write(`\r${phase}: ${done}/${total}      `);
      },
    );
    if (process.stderr.isTTY) process.stderr.write('\n');
    emit(
      values.json,
      {
        dataDir: resolve(values.data!),
        ...summary,
        seconds: (Date.now() - started) / 1000,
        staff: DEMO_STAFF.map((s) => s.username),
      },
      () =>
        [
          `DATA DEMO SINTETIS dibuat di ${resolve(values.data!)} dalam ${Math.round((Date.now() - started) / 1000)} detik:`,
          `  ${summary.households} keluarga, ${summary.people} orang, ${summary.enrolments} kepesertaan program,`,
          `  ${summary.periods} periode penyaluran (${summary.payments} penerima), ${summary.verifications} verifikasi, ${summary.cases} kasus, ${summary.complaints} pengaduan.`,
          `Akun staf demo (kata sandi "${DEMO_PASSWORD}"): ${DEMO_STAFF.map((s) => `${s.username} (${s.role})`).join(', ')}.`,
        ].join('\n'),
    );
  } finally {
    await session.close();
  }
}
