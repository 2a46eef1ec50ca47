import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../core/demo/setupDemo.ts';
import { pdfPages, pdfText } from '../../tests/fixtures/reports/seed.ts';
import { runCli } from '../../tests/support/cli.ts';
import { folderDialogs } from '../../tests/support/core.ts';
import { BansosCore } from '../../core/app.ts';
import { tempDir } from '../../tests/support/tempDir.ts';

/** `bansos report` as a real process on a small demo folder: PDF by headless Chromium, or Excel. */

let data: string;
let out: string;
let nik: string;
const env = { BANSOS_PASSWORD: DEMO_PASSWORD };
const month = (back: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
};

beforeAll(async () => {
  data = join(tempDir('bansos-cli-report-'), 'data');
  out = tempDir('bansos-cli-out-');
  const made = await runCli(['demo', '--data', data, '--user', 'admin', '--households', '120'], env, {
    timeoutMs: 120_000,
  });
  expect(made.code, made.stderr).toBe(0);
  // A NIK for Data Saya, read with the app's own core (then closed: one process at a time).
  const core = new BansosCore({ dataDir: data, host: folderDialogs(out) });
  await core.dispatch('auth.login', { username: 'admin', password: DEMO_PASSWORD }, null);
  nik = (
    core.db.sql.raw.prepare(`SELECT nik FROM people WHERE nik IS NOT NULL LIMIT 1`).get() as { nik: string }
  ).nik;
  await core.close();
}, 150_000);

describe('bansos report', () => {
  it('prints the monthly report of every programme to PDF, with the code of a closed month', async () => {
    const file = join(out, 'bulanan.pdf');
    const args = [
      'report',
      'bulanan',
      '--data',
      data,
      '--user',
      'manajer.demo',
      '--period',
      month(6),
      '--out',
      file,
    ];
    const run = await runCli(args, env, { timeoutMs: 90_000 });
    expect(run.code, run.stderr).toBe(0);
    const code = /Kode verifikasi: ([A-Z2-7]{5}-[A-Z2-7]{5})/.exec(run.stdout)?.[1];
    expect(code).toBeDefined();
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(file);
    for (const program of ['PKH', 'BPNT', 'BLT_DD', 'INSENTIF_BATU']) expect(text).toContain(`${program} · `);
    expect(pdfText(file, { page: 1 })).toContain(`Halaman 1 dari ${pdfPages(file)}`);

    // Reprinted as a workbook: the same frozen document, the same code.
    const again = await runCli([...args.slice(0, -1), join(out, 'bulanan.xlsx'), '--json'], env, {
      timeoutMs: 90_000,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ format: 'xlsx', code });
    expect(readFileSync(join(out, 'bulanan.xlsx')).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('prints a BNBA of one programme and a Data Saya by NIK', async () => {
    const bnba = join(out, 'bnba.pdf');
    const run = await runCli(
      [
        'report',
        'bnba',
        '--data',
        data,
        '--user',
        'petugas.demo',
        '--period',
        month(6),
        '--program',
        'BPNT',
        '--out',
        bnba,
      ],
      env,
      { timeoutMs: 90_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    const text = pdfText(bnba);
    expect(text).toContain('BERITA ACARA SERAH TERIMA');
    expect(text).toMatch(/3579x{8}\d{4}/);
    expect(text).not.toMatch(/3579\d{12}/);

    const mine = join(out, 'data-saya.pdf');
    const subject = await runCli(
      ['report', 'data-saya', '--data', data, '--user', 'petugas.demo', '--nik', nik, '--out', mine],
      env,
      { timeoutMs: 90_000 },
    );
    expect(subject.code, subject.stderr).toBe(0);
    expect(pdfText(mine)).toContain(nik);
    expect(pdfText(mine)).toContain('Riwayat pemrosesan data');
  });

  it('refuses a missing --period, an unknown report and an unknown extension, with usage exit 2', async () => {
    const base = ['--data', data, '--user', 'manajer.demo'];
    expect((await runCli(['report', 'bulanan', ...base, '--out', join(out, 'x.pdf')], env)).code).toBe(2);
    expect(
      (
        await runCli(
          ['report', 'laporan-lain', ...base, '--period', month(1), '--out', join(out, 'x.pdf')],
          env,
        )
      ).code,
    ).toBe(2);
    const wrong = await runCli(
      ['report', 'rekap', ...base, '--period', month(1), '--out', join(out, 'x.docx')],
      env,
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('.pdf atau .xlsx');
    expect(existsSync(join(out, 'x.pdf'))).toBe(false);
  });

  it('answers a role without reports in Indonesian, exit 1', async () => {
    const run = await runCli(
      [
        'report',
        'pengaduan',
        '--data',
        data,
        '--user',
        'operator.demo',
        '--period',
        month(1),
        '--out',
        join(out, 'p.xlsx'),
      ],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('tidak berwenang melihat laporan');
  });
});
