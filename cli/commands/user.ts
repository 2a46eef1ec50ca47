import { randomInt } from 'node:crypto';
import { generatePassphrase } from '../../common/auth/passphrase.ts';
import { ROLES, ROLE_LABELS, type Role } from '../../common/auth/roles.ts';
import { parse, UsageError } from '../args.ts';
import { emit } from '../output.ts';
import { CliSession } from '../session.ts';
import { secret } from '../prompt.ts';

export const userHelp = `user add NAMA --role PERAN --data DIR --user ADMIN [--full-name "..."] [--kecamatan KODE,..] [--desa KODE,..]
    Menambah pengguna. PERAN: ${ROLES.join(', ')}. Kata sandi sementara dari BANSOS_NEW_PASSWORD,
    atau dibuatkan dan dicetak; pengguna wajib menggantinya saat pertama masuk.
user list --data DIR --user ADMIN
user passwd --data DIR --user NAMA
    Mengganti kata sandi sendiri (juga kata sandi sementara): lama dari BANSOS_PASSWORD, baru dari
    BANSOS_NEW_PASSWORD (atau ditanyakan).`;

const list = (value: string | undefined) =>
  value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

export async function user(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    role: { type: 'string' },
    'full-name': { type: 'string' },
    kecamatan: { type: 'string' },
    desa: { type: 'string' },
  });
  const [action, name] = positionals;
  const session = CliSession.create(values.data);
  try {
    if (action === 'passwd') {
      const currentPassword = await secret('BANSOS_PASSWORD', `Kata sandi saat ini untuk ${values.user}: `);
      await session.call('auth.login', { username: values.user ?? '', password: currentPassword });
      const newPassword = await secret('BANSOS_NEW_PASSWORD', 'Kata sandi baru (minimal 15 karakter): ');
      await session.call('auth.changePassword', { currentPassword, newPassword });
      emit(
        values.json,
        { user: values.user, changed: true },
        () => `Kata sandi ${values.user} sudah diganti.`,
      );
      return;
    }
    await session.login(values.user);
    if (action === 'list') {
      const users = await session.call('users.list', {});
      emit(values.json, users, () =>
        users
          .map(
            (u) =>
              `${u.username.padEnd(20)} ${ROLE_LABELS[u.role].padEnd(14)} ${u.active ? 'aktif' : 'nonaktif'}  ${u.fullName}`,
          )
          .join('\n'),
      );
      return;
    }
    if (action !== 'add' || !name) throw new UsageError('Pakai: user add NAMA --role PERAN, atau user list.');
    if (!values.role || !(ROLES as readonly string[]).includes(values.role))
      throw new UsageError(`--role harus salah satu dari: ${ROLES.join(', ')}.`);
    const generated = !process.env.BANSOS_NEW_PASSWORD;
    const temporaryPassword = process.env.BANSOS_NEW_PASSWORD ?? generatePassphrase(randomInt);
    const created = await session.call('users.create', {
      username: name,
      fullName: values['full-name'] ?? name,
      role: values.role as Role,
      area: { kecamatan: list(values.kecamatan), desa: list(values.desa) },
      temporaryPassword,
    });
    emit(values.json, { user: created, ...(generated ? { temporaryPassword } : {}) }, () =>
      [
        `Pengguna ${created.username} (${ROLE_LABELS[created.role]}) dibuat.`,
        generated
          ? `Kata sandi sementara: ${temporaryPassword}`
          : 'Kata sandi sementara: dari BANSOS_NEW_PASSWORD.',
        'Pengguna wajib menggantinya saat pertama kali masuk.',
      ].join('\n'),
    );
  } finally {
    await session.close();
  }
}
