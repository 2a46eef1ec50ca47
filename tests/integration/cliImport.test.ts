import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun, jsonOut, runCli } from '../support/cli.ts';
import { PASSWORDS, setUpCore, userWithRole } from '../support/core.ts';
import { questionHint } from '../../cli/commands/importExport.ts';
import { tempDir } from '../support/tempDir.ts';

/**
 * `bansos import` on files that cannot say everything themselves: a village list with no desa
 * column and numeric relationship codes whose list the rows do not settle. The command stops
 * with the question (one JSON object with --json, exit non-zero), and --set / --codes / --map
 * answer it. A large --json answer reaches a pipe whole.
 */

const PASSWORD = 'kopi tubruk pagi di alun-alun batu';
const AS_ADMIN = { BANSOS_PASSWORD: PASSWORD };

const CLERK_PASSWORD = 'teh hangat sore di songgokerto';
const AS_CLERK = { BANSOS_PASSWORD: CLERK_PASSWORD };

/** A data folder with a data clerk (import.run), as an office sets one up. */
async function dataDir(): Promise<string> {
  const dir = join(tempDir(), 'data');
  const run = await runCli(['init', '--data', dir, '--user', 'admin', '--name', 'Admin Dinsos'], AS_ADMIN);
  expect(run.code, describeRun(run)).toBe(0);
  const temporary = `sementara ${CLERK_PASSWORD}`;
  const added = await runCli(['user', 'add', 'clerk1', '--role', 'clerk', '--data', dir, '--user', 'admin'], {
    ...AS_ADMIN,
    BANSOS_NEW_PASSWORD: temporary,
  });
  expect(added.code, describeRun(added)).toBe(0);
  const changed = await runCli(['user', 'passwd', '--data', dir, '--user', 'clerk1'], {
    BANSOS_PASSWORD: temporary,
    BANSOS_NEW_PASSWORD: CLERK_PASSWORD,
  });
  expect(changed.code, describeRun(changed)).toBe(0);
  return dir;
}

/**
 * Three families whose numeric codes contradict each list once: a code-3 woman about her
 * head's age (a wife, so not DTKS) and a code-2 woman (a wife, so not SIAK's "Suami").
 */
const VILLAGE_LIST = [
  'DAFTAR WARGA MISKIN',
  '',
  'NO;NO KK;NIK;NAMA;JK;HUBUNGAN',
  '1;3579011504160015;3579011701900015;Wahyu Hidayat;L;1',
  '2;3579011504160015;3579015503920016;Rina Marlina;P;3',
  '3;3579011504160025;3579014404850025;Sulastri;P;1',
  '4;3579011504160025;3579011004830026;Joko Susilo;L;2',
  '5;3579011504160035;3579011203800035;Bambang;L;1',
  '6;3579011504160035;3579015506820036;Sri Wahyuni;P;2',
  '',
  'Batu, 15 Oktober 2026',
  'Kepala Desa',
].join('\r\n');

describe('bansos import: questions the file cannot answer', () => {
  it('stops with the desa and code-list questions in one JSON object, then --set and --codes answer them', async () => {
    const dir = await dataDir();
    const file = join(tempDir(), 'warga-sisir.csv');
    writeFileSync(file, VILLAGE_LIST);

    const asked = await runCli(
      ['import', file, '--data', dir, '--user', 'clerk1', '--dry-run', '--json'],
      AS_CLERK,
    );
    expect(asked.code, describeRun(asked)).not.toBe(0);
    const question = jsonOut<Record<string, unknown>>(asked);
    expect(question).toMatchObject({
      ok: false,
      committed: false,
      sheet: expect.any(String),
      headerRow: 3,
      mapping: { NIK: 'nik', 'NO KK': 'kk', NAMA: 'name', JK: 'sex', HUBUNGAN: 'relationship' },
      missing: ['Desa/Kelurahan'],
      questions: [expect.objectContaining({ id: 'codes.relationship', column: 'HUBUNGAN' })],
      error: { code: 'VALIDATION', message: expect.stringContaining('--codes hubungan=siak') },
    });
    expect((question.reasons as Record<string, string>).NIK).toMatch(/Nama kolom dikenal/);
    expect(asked.stderr).toMatch(/HUBUNGAN/);
    expect(asked.stderr).not.toMatch(/kesalahan tak terduga/);

    const answered = await runCli(
      [
        'import',
        file,
        '--data',
        dir,
        '--user',
        'clerk1',
        '--json',
        '--set',
        'desa=35.79.01.1004',
        '--codes',
        'hubungan=siak',
      ],
      AS_CLERK,
    );
    expect(answered.code, describeRun(answered)).toBe(0);
    const report = jsonOut<Record<string, unknown>>(answered);
    expect(report).toMatchObject({
      ok: true,
      committed: true,
      fixed: { desa: '35.79.01.1004' },
      codes: { relationship: 'siak' },
      counts: { rows: 6, valid: 6, new: 6, errors: 0 },
      ignoredCount: 2,
    });
    const listed = await runCli(
      ['export', '--data', dir, '--user', 'clerk1', '--out', join(tempDir(), 'x.csv'), '--json'],
      AS_CLERK,
    );
    expect(listed.code, describeRun(listed)).toBe(0);
  });

  it('--map reads an unknown header as a field, and a bad --map or --codes is a usage error (exit 2)', async () => {
    const dir = await dataDir();
    const file = join(tempDir(), 'kpm.csv');
    writeFileSync(
      file,
      [
        'KODE KELUARGA;ID PENDUDUK;NAMA;JK;HUBUNGAN;DESA',
        '3579011504160015;3579011701900015;Wahyu Hidayat;L;KEPALA KELUARGA;Sisir',
        '3579011504160015;3579015503920016;Rina Marlina;P;ISTRI;Sisir',
      ].join('\n'),
    );
    const missing = await runCli(
      ['import', file, '--data', dir, '--user', 'clerk1', '--dry-run', '--json'],
      AS_CLERK,
    );
    expect(missing.code).not.toBe(0);
    expect(jsonOut(missing)).toMatchObject({ ok: false, missing: ['No. KK', 'NIK'] });

    const mapped = await runCli(
      [
        'import',
        file,
        '--data',
        dir,
        '--user',
        'clerk1',
        '--dry-run',
        '--json',
        '--map',
        'KODE KELUARGA=kk',
        '--map',
        'ID PENDUDUK=nik',
      ],
      AS_CLERK,
    );
    expect(mapped.code, describeRun(mapped)).toBe(0);
    expect(jsonOut(mapped)).toMatchObject({ counts: { rows: 2, valid: 2, new: 2 } });

    const wrongHeader = await runCli(
      ['import', file, '--data', dir, '--user', 'clerk1', '--map', 'TIDAK ADA=kk'],
      AS_CLERK,
    );
    expect(wrongHeader.code).toBe(2);
    expect(wrongHeader.stderr).toMatch(/kolom "TIDAK ADA" tidak ada/);
    const wrongCodes = await runCli(
      ['import', file, '--data', dir, '--user', 'clerk1', '--codes', 'hubungan=bps'],
      AS_CLERK,
    );
    expect(wrongCodes.code).toBe(2);
    expect(wrongCodes.stderr).toMatch(/siak\|dtks/);
  });

  it("a file the import refuses whole answers with the refusal's own code in --json, not INTERNAL", async () => {
    const dir = await dataDir();
    const file = join(tempDir(), 'dibulatkan.csv');
    // Saved from Excel with the NIK column formatted as a number: every 16th digit written 0.
    writeFileSync(
      file,
      [
        'NO KK;NIK;NAMA;JK;HUBUNGAN;DESA',
        '3579011504160015;3579011701900020;Wahyu Hidayat;L;KEPALA KELUARGA;Sisir',
        '3579011504160015;3579015503920020;Rina Marlina;P;ISTRI;Sisir',
        '3579011504160025;3579014404850030;Sulastri;P;KEPALA KELUARGA;Sisir',
        '3579011504160025;3579011004830030;Joko Susilo;L;SUAMI;Sisir',
      ].join('\n'),
    );
    const refused = await runCli(
      ['import', file, '--data', dir, '--user', 'clerk1', '--dry-run', '--json'],
      AS_CLERK,
    );
    expect(refused.code).not.toBe(0);
    expect(jsonOut(refused)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('Kolom NIK sudah dibulatkan Excel') },
    });
  });

  it('a command that fails before its answer (role refused, file missing, bad argument) still prints one JSON object', async () => {
    const dir = await dataDir();
    const file = join(tempDir(), 'warga.csv');
    writeFileSync(file, VILLAGE_LIST);
    const cases = [
      // The administrator does not import: that is the data clerk's.
      {
        argv: ['import', file, '--data', dir, '--user', 'admin', '--json'],
        env: AS_ADMIN,
        code: 'FORBIDDEN',
      },
      {
        argv: ['import', join(tempDir(), 'tidak-ada.csv'), '--data', dir, '--user', 'clerk1', '--json'],
        env: AS_CLERK,
        code: 'NOT_FOUND',
      },
      {
        argv: ['import', file, '--data', dir, '--user', 'clerk1', '--kind', 'nope', '--json'],
        env: AS_CLERK,
        code: 'USAGE',
      },
      {
        argv: ['import', file, '--data', dir, '--user', 'clerk1', '--json'],
        env: { BANSOS_PASSWORD: 'salah' },
        code: 'WRONG_CREDENTIALS',
      },
    ];
    for (const { argv, env, code } of cases) {
      const run = await runCli(argv, env);
      expect(run.code, describeRun(run)).not.toBe(0);
      expect(jsonOut(run), describeRun(run)).toMatchObject({
        ok: false,
        error: { code, message: expect.any(String) },
      });
    }
  });

  it('a --json answer of several hundred kilobytes reaches the pipe whole', async () => {
    const dir = await dataDir();
    const file = join(tempDir(), 'besar.csv');
    const rows = ['NO_KK;NIK;NAMA;JK;HUBUNGAN_KELUARGA;DESA'];
    // Every row has a NIK whose birth date disagrees with nothing but whose KK is foreign: a
    // warning per row keeps the problems list long.
    for (let i = 1; i <= 1500; i++) {
      const serial = String(i).padStart(4, '0');
      rows.push(
        `3273011504160${String(i).padStart(3, '0').slice(-3)};3579011701900${serial.slice(-3)};Orang ${i};L;KEPALA KELUARGA;Sisir`,
      );
    }
    writeFileSync(file, rows.join('\n'));
    const run = await runCli(
      ['import', file, '--data', dir, '--user', 'clerk1', '--dry-run', '--json'],
      AS_CLERK,
      {
        timeoutMs: 180_000,
      },
    );
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(200_000);
    const report = jsonOut<{ problems: unknown[]; counts: { rows: number } }>(run);
    expect(report.counts.rows).toBe(1500);
  });
});

/**
 * What the outside probe found the command line leaves unsaid: a column not read though it
 * looks like a field, a required field named only by its label (the --map needs its key), and
 * a payments file needing --period with no way to learn a period's id.
 */
describe('bansos import: what the command line says about columns and periods', () => {
  it('names a column left unread that looks like a field, with the --map that reads or ignores it; not a column deliberately ignored', async () => {
    const dir = await dataDir();
    const file = join(tempDir(), 'dua-nama.csv');
    writeFileSync(
      file,
      [
        'NO;NO KK;NIK;NAMA;JK;HUBUNGAN;NAMA;DESA;TTD',
        '1;3579011504160015;3579011701900015;Wahyu Hidayat;L;KEPALA KELUARGA;Sumarni;Sisir;',
        '2;3579011504160015;3579015503920016;Rina Marlina;P;ISTRI;Sulastri;Sisir;',
      ].join('\n'),
    );
    const run = (...extra: string[]) =>
      runCli(['import', file, '--data', dir, '--user', 'clerk1', '--dry-run', ...extra], AS_CLERK);
    const plain = await run();
    expect(plain.code, describeRun(plain)).toBe(0);
    expect(plain.stdout).toContain(
      'Kolom tidak dibaca: "NAMA (2)" (mungkin: Nama ibu kandung). Baca dengan --map "NAMA (2)=motherName", atau abaikan dengan --map "NAMA (2)=".',
    );
    expect(plain.stdout).not.toMatch(/Kolom tidak dibaca: "(NO|TTD)"/);
    for (const answer of ['NAMA (2)=', 'NAMA (2)=motherName']) {
      const answered = await run('--map', answer);
      expect(answered.code, describeRun(answered)).toBe(0);
      expect(answered.stdout).not.toContain('Kolom tidak dibaca');
    }
  });

  it('counts each row once in its summary line: a row in error is not also "dilewati"', async () => {
    const dir = await dataDir();
    const file = join(tempDir(), 'satu-salah.csv');
    writeFileSync(
      file,
      [
        'NO KK;NIK;NAMA;JK;HUBUNGAN;DESA',
        '3579011504160015;3579011701900015;Wahyu Hidayat;L;KEPALA KELUARGA;Sisir',
        '3579011504160016;35790117;Rina Marlina;P;KEPALA KELUARGA;Sisir',
      ].join('\n'),
    );
    const run = await runCli(['import', file, '--data', dir, '--user', 'clerk1', '--dry-run'], AS_CLERK);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toContain(
      '2 baris: 1 baru, 0 diperbarui, 0 tidak berubah, 0 dilewati, 1 salah (tidak disimpan)',
    );
  });

  it('a required field left unmapped is named by its key, with the column that may hold it', async () => {
    const dir = await dataDir();
    const file = join(tempDir(), 'hasil-rapat.csv');
    writeFileSync(
      file,
      [
        'NO;NO KK;HASIL RAPAT DESA;ALASAN;TGL MUSDES',
        '1;3579011504160015;LAYAK;Penghasilan di bawah UMK;20-11-2026',
      ].join('\n'),
    );
    const asked = await runCli(
      ['import', file, '--kind', 'verifications', '--data', dir, '--user', 'clerk1', '--dry-run'],
      AS_CLERK,
    );
    expect(asked.code, describeRun(asked)).not.toBe(0);
    expect(asked.stderr).toContain(
      'Kolom wajib belum dipetakan: Hasil (layak/tidak layak) [outcome]. Kolom yang mungkin: "HASIL RAPAT DESA". Tambahkan --map "HASIL RAPAT DESA=outcome".',
    );

    // No column that looks like it, and a field that may be one value for the whole file.
    const village = join(tempDir(), 'warga.csv');
    writeFileSync(village, VILLAGE_LIST);
    const noDesa = await runCli(
      ['import', village, '--data', dir, '--user', 'clerk1', '--dry-run'],
      AS_CLERK,
    );
    expect(noDesa.code, describeRun(noDesa)).not.toBe(0);
    expect(noDesa.stderr).toContain(
      'Kolom wajib belum dipetakan: Desa/Kelurahan [desa]. Tambahkan --map "JUDUL KOLOM=desa" atau --set desa=NILAI.',
    );
  });

  it('payments without --period list the open periods with their ids, and `periods` lists them too', async () => {
    const { core, admin, dataDir: dir } = await setUpCore();
    await userWithRole(core, admin, 'clerk');
    const officer = await userWithRole(core, admin, 'officer');
    const bpnt = (await officer.ok('reference.programs', {})).find((p) => p.code === 'BPNT')!;
    const open = await officer.ok('disbursement.openPeriod', {
      programId: bpnt.id,
      year: 2026,
      startMonth: 11,
      months: 2,
      label: 'BPNT Tahap 6',
    });
    const closed = await officer.ok('disbursement.openPeriod', {
      programId: bpnt.id,
      year: 2026,
      startMonth: 1,
      months: 2,
    });
    const manager = await userWithRole(core, admin, 'manager');
    await manager.ok('disbursement.closePeriod', { id: closed.id, acknowledgeWarnings: true });
    await core.close();
    const env = { BANSOS_PASSWORD: PASSWORDS.clerk };

    const file = join(tempDir(), 'hasil-bank.csv');
    writeFileSync(file, ['NIK;NAMA;STATUS', '3579011701900015;Wahyu Hidayat;BERHASIL'].join('\n'));
    const asked = await runCli(
      ['import', file, '--kind', 'payments', '--data', dir, '--user', 'clerk1', '--dry-run'],
      env,
    );
    expect(asked.code, describeRun(asked)).not.toBe(0);
    expect(asked.stderr).toContain(`--period ${open.id}`);
    expect(asked.stderr).toContain('BPNT');
    expect(asked.stderr).toContain('November–Desember 2026');
    expect(asked.stderr).toContain('BPNT Tahap 6');
    expect(asked.stderr).not.toContain(closed.id);
    expect(asked.stderr).not.toContain('options.periodId');

    const listed = await runCli(['periods', '--data', dir, '--user', 'clerk1'], env);
    expect(listed.code, describeRun(listed)).toBe(0);
    expect(listed.stdout).toContain(open.id);
    expect(listed.stdout).toContain('November–Desember 2026');
    expect(listed.stdout).not.toContain(closed.id);
    const all = await runCli(['periods', '--data', dir, '--user', 'clerk1', '--all', '--json'], env);
    expect(all.code, describeRun(all)).toBe(0);
    const periods = jsonOut<{ periods: { id: string; status: string; programCode: string }[] }>(all).periods;
    expect(periods.map((p) => [p.id, p.status, p.programCode])).toEqual([
      [open.id, 'dibuka', 'BPNT'],
      [closed.id, 'ditutup', 'BPNT'],
    ]);
    const help = await runCli(['help']);
    expect(help.stdout).toMatch(/^periods --data DIR --user NAMA/m);
  }, 120_000);
});

describe('bansos import: the answer a question names', () => {
  it('reads the column as the question’s own first choice, not always as the relationship', () => {
    const ask = (choices: { value: string; label: string }[]) =>
      questionHint({ id: 'map:HASIL', column: 'HASIL', message: 'Baca?', choices });
    expect(
      ask([
        { value: 'status', label: 'Ya, baca sebagai Status penyaluran' },
        { value: 'ignore', label: 'Tidak' },
      ]),
    ).toBe('--map "HASIL=status" atau --map "HASIL="');
    expect(ask([{ value: 'relationship', label: 'Ya' }])).toBe(
      '--map "HASIL=relationship" atau --map "HASIL="',
    );
    expect(
      questionHint({ id: 'codes.relationship', column: 'HUB', message: 'Daftar kode?', choices: [] }),
    ).toBe('--codes hubungan=siak atau --codes hubungan=dtks');
  });
});
