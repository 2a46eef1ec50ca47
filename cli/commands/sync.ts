import type { SyncSummaryView as SyncSummary } from '../../common/api/methods/sync.ts';
import { AppFailure } from '../../common/errors.ts';
import { syncedContentDigest } from '../../core/sync/digest.ts';
import { parse, UsageError } from '../args.ts';
import { emit } from '../output.ts';
import { CliSession } from '../session.ts';

export const syncHelp = `sync --data DIR --user NAMA [--server URL] [--json] [--digest]
    Satu kali sinkronisasi dengan server pusat: kirim perubahan, kirim log audit, ambil perubahan
    kantor lain, perbarui daftar konflik. --digest menambahkan sidik isi data tersinkron.
    --server memindahkan alamat server pusat: hanya administrator, dan tercatat di log audit.
enrol KODE --data DIR --user ADMIN --server URL [--name "Nama perangkat"] [--pin SIDIK-JARI-SHA256]
    Mendaftarkan komputer ini ke server pusat dengan kode sekali pakai dari administrator server.
    Sertifikat dari CA sendiri: NODE_EXTRA_CA_CERTS=ca.pem, atau sematkan sidik jarinya dengan --pin.`;

export async function sync(argv: string[]): Promise<void> {
  const { values } = parse(argv, { server: { type: 'string' }, digest: { type: 'boolean', default: false } });
  const session = CliSession.create(values.data);
  try {
    await session.login(values.user);
    const db = session.core.db;
    // The next push sends every pending change and the device's secret to this address: the
    // same method as the app's, so only an administrator may move it, and the move is audited.
    if (values.server) {
      try {
        await session.call('sync.configure', { serverUrl: values.server });
      } catch (error) {
        if (error instanceof AppFailure && error.code === 'FORBIDDEN')
          throw new AppFailure(
            'FORBIDDEN',
            'Alamat server sinkronisasi hanya dapat diubah oleh administrator. Jalankan "sync" tanpa --server, atau minta administrator mengubah alamatnya.',
          );
        throw error;
      }
    }
    let summary: SyncSummary | undefined;
    let failure: AppFailure | null = null;
    try {
      summary = await session.call('sync.run', {});
    } catch (error) {
      failure = error instanceof AppFailure ? error : new AppFailure('INTERNAL', String(error));
    }
    // The changes moved, but a sync that brought new alarms from the server is not a success.
    const newAlarms = summary?.alarms ?? [];
    if (!failure && summary && !summary.ok)
      failure = new AppFailure('CONFLICT', summary.error ?? 'Server mencatat alarm untuk perangkat ini.');
    const digest = values.digest ? syncedContentDigest(db.sql) : undefined;
    const status = await session.call('sync.status', {});
    const out = {
      ...(summary ?? {}),
      ok: failure === null,
      newAlarms,
      pending: status.pending,
      conflictsOpen: status.conflictsOpen,
      lastSuccessAt: status.lastSuccessAt,
      error: failure?.message ?? null,
      ...(digest ? { digest } : {}),
    };
    emit(values.json, out, () =>
      failure
        ? newAlarms.length
          ? `ALARM dari server:\n${newAlarms.map((m) => `  - ${m}`).join('\n')}`
          : `Sinkronisasi gagal: ${failure.message}`
        : `Sinkronisasi selesai: ${summary?.pushed ?? 0} perubahan dikirim, ${summary?.pulled ?? 0} diterima, ${status.pending} menunggu, ${status.conflictsOpen} konflik terbuka.`,
    );
    if (failure) throw failure;
  } finally {
    await session.close();
  }
}

export async function enrol(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    server: { type: 'string' },
    name: { type: 'string' },
    pin: { type: 'string' },
  });
  const code = positionals[0];
  if (!code || !values.server) throw new UsageError('Pakai: enrol KODE --data DIR --user ADMIN --server URL');
  const session = CliSession.create(values.data);
  try {
    await session.login(values.user);
    const result = await session.call('sync.enrol', {
      serverUrl: values.server,
      code,
      deviceName: values.name ?? `Perangkat ${session.core.db.deviceId.slice(-6)}`,
      ...(values.pin ? { pin: values.pin } : {}),
    });
    emit(
      values.json,
      result,
      () =>
        `Perangkat terdaftar di ${values.server} (id ${result.deviceId}); menerima data wilayah: ${result.area}.`,
    );
  } finally {
    await session.close();
  }
}
