import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { BansosCore } from '../../core/app.ts';
import { Vault } from '../../core/auth/vault.ts';
import { DataDir } from '../../db/dataDir.ts';
import { openEncrypted } from '../../db/connection.ts';
import { parseSlotFile } from '../../db/keySlots.ts';
import { describeRun, jsonOut, PROJECT_ROOT, runCli, type CliRun } from '../support/cli.ts';
import { columnIndex, hashContent, readContent, valueOf, type Content } from '../support/contentHash.ts';
import { Client, folderDialogs } from '../support/core.ts';
import { tempDir } from '../support/tempDir.ts';

/**
 * The CLI as a user runs it: a real child process per command, secrets in the environment,
 * exit status 0 / 1 (failure) / 2 (usage), --json printing one object, messages in Indonesian.
 */

const PASSWORD = 'kopi pagi di alun-alun batu 7';
const AS_ADMIN = { BANSOS_PASSWORD: PASSWORD };
const RECOVERY_CODE = /[0-9A-Z]{5}(?:-[0-9A-Z]{5}){4}/g;

async function initDir(extra: string[] = []): Promise<{ dir: string; run: CliRun }> {
  const dir = join(tempDir(), 'data');
  const run = await runCli(
    ['init', '--data', dir, '--user', 'admin', '--name', 'Admin Dinsos', ...extra],
    AS_ADMIN,
  );
  expect(run.code, describeRun(run)).toBe(0);
  return { dir, run };
}

/** The database key, the way the app gets it: the admin's password unlocks the admin's slot. */
async function keyOf(dir: string, username = 'admin', password = PASSWORD): Promise<Buffer> {
  return (await new Vault(new DataDir(dir), 'interactive', () => new Date()).unlock(username, password))
    .dbKey;
}

function contentOf(dir: string, key: Buffer): Content {
  const db = openEncrypted(new DataDir(dir).dbPath, key);
  try {
    return readContent(db);
  } finally {
    db.close();
  }
}

/** Runs SQL on a data folder's database directly, with its key (what an attacker with the key could do). */
function tamper(dir: string, key: Buffer, sql: string): void {
  const db = openEncrypted(new DataDir(dir).dbPath, key);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

const problemsOf = (run: CliRun) =>
  jsonOut<{ ok: boolean; problems: { seq: number; kind: string; message: string }[] }>(run);

describe('bansos CLI', () => {
  it('init prints the recovery code once and exits 0; init on an existing folder is refused in Indonesian', async () => {
    const { dir, run } = await initDir();
    const codes = run.stdout.match(RECOVERY_CODE) ?? [];
    expect(codes, run.stdout).toHaveLength(1);
    const recoveryCode = codes[0]!;
    expect(run.stdout).toContain(`KODE PEMULIHAN: ${recoveryCode}`);
    expect(run.stdout).toMatch(/hanya ditampilkan sekali/);
    expect(run.stderr).not.toContain(recoveryCode);
    // The spare copy of the slots is written first, the same state (a338cd3).
    expect(readdirSync(dir).sort()).toEqual(['bansos.db', 'keyslots.json', 'keyslots.json.bak']);
    expect(readFileSync(join(dir, 'keyslots.json.bak'), 'utf8')).toBe(
      readFileSync(join(dir, 'keyslots.json'), 'utf8'),
    );
    // Stored only sealed: not in the key file; it does unlock the same key as the password.
    const slotsText = readFileSync(join(dir, 'keyslots.json'), 'utf8');
    expect(slotsText).not.toContain(recoveryCode);
    expect(slotsText).not.toContain(recoveryCode.replace(/-/g, ''));
    expect(slotsText).not.toContain(PASSWORD);
    const vault = new Vault(new DataDir(dir), 'interactive', () => new Date());
    expect((await vault.unlockWithRecoveryCode(recoveryCode)).dbKey.equals(await keyOf(dir))).toBe(true);

    const slotsBefore = readFileSync(join(dir, 'keyslots.json'));
    const dbBefore = readFileSync(join(dir, 'bansos.db'));
    const again = await runCli(['init', '--data', dir, '--user', 'admin'], AS_ADMIN);
    expect(again.code, describeRun(again)).toBe(1);
    expect(again.stderr).toMatch(/^Gagal: .*sudah disiapkan/m);
    expect(again.stdout).not.toMatch(RECOVERY_CODE);
    expect(
      readFileSync(join(dir, 'keyslots.json')).equals(slotsBefore),
      'key slots changed by a refused init',
    ).toBe(true);
    expect(readFileSync(join(dir, 'bansos.db')).equals(dbBefore), 'database changed by a refused init').toBe(
      true,
    );

    // --json: one object with the code.
    const other = join(tempDir(), 'data');
    const json = await runCli(
      ['init', '--data', other, '--user', 'kepala', '--office', 'Dinas Sosial Kota Batu', '--json'],
      AS_ADMIN,
    );
    expect(json.code, describeRun(json)).toBe(0);
    const answer = jsonOut<{ dataDir: string; admin: string; recoveryCode: string }>(json);
    expect(answer).toMatchObject({ dataDir: other, admin: 'kepala' });
    expect(answer.recoveryCode).toMatch(new RegExp(`^${RECOVERY_CODE.source}$`));

    // A weak first password creates nothing.
    const weak = join(tempDir(), 'data');
    const refused = await runCli(['init', '--data', weak, '--user', 'admin'], {
      BANSOS_PASSWORD: 'pendek sekali',
    });
    expect(refused.code, describeRun(refused)).toBe(1);
    expect(refused.stderr).toContain('minimal 15');
    expect(existsSync(join(weak, 'keyslots.json')) || existsSync(join(weak, 'bansos.db'))).toBe(false);
  });

  it('user add: BANSOS_NEW_PASSWORD, or a generated temporary password; a weak password is refused with "minimal 15"', async () => {
    const { dir } = await initDir();
    const temporary = 'teh hangat sore di songgokerto';
    const added = await runCli(
      [
        'user',
        'add',
        'clerk1',
        '--role',
        'clerk',
        '--full-name',
        'Sulastri Wahyuningsih',
        '--data',
        dir,
        '--user',
        'admin',
        '--json',
      ],
      {
        ...AS_ADMIN,
        BANSOS_NEW_PASSWORD: temporary,
      },
    );
    expect(added.code, describeRun(added)).toBe(0);
    const created = jsonOut<{ user: Record<string, unknown>; temporaryPassword?: string }>(added);
    expect(created.user).toMatchObject({
      username: 'clerk1',
      fullName: 'Sulastri Wahyuningsih',
      role: 'clerk',
      active: true,
      mustChangePassword: true,
    });
    expect(created.temporaryPassword).toBeUndefined();
    expect(added.stdout + added.stderr).not.toContain(temporary);

    const generated = await runCli(
      ['user', 'add', 'clerk2', '--role', 'clerk', '--data', dir, '--user', 'admin'],
      AS_ADMIN,
    );
    expect(generated.code, describeRun(generated)).toBe(0);
    const printed = /Kata sandi sementara: (.+)$/m.exec(generated.stdout)?.[1]?.trim();
    expect(printed, generated.stdout).toBeTruthy();
    expect([...printed!].length).toBeGreaterThanOrEqual(15);

    const weak = await runCli(
      ['user', 'add', 'clerk3', '--role', 'clerk', '--data', dir, '--user', 'admin'],
      { ...AS_ADMIN, BANSOS_NEW_PASSWORD: 'pendek sekali' },
    );
    expect(weak.code, describeRun(weak)).toBe(1);
    expect(weak.stderr).toContain('minimal 15');

    const badRole = await runCli(
      ['user', 'add', 'clerk4', '--role', 'raja', '--data', dir, '--user', 'admin'],
      { ...AS_ADMIN, BANSOS_NEW_PASSWORD: temporary },
    );
    expect(badRole.code, describeRun(badRole)).toBe(2);

    const list = await runCli(['user', 'list', '--data', dir, '--user', 'admin', '--json'], AS_ADMIN);
    expect(list.code, describeRun(list)).toBe(0);
    expect(
      jsonOut<{ username: string }[]>(list)
        .map((u) => u.username)
        .sort(),
    ).toEqual(['admin', 'clerk1', 'clerk2']);
    expect(
      parseSlotFile(readFileSync(join(dir, 'keyslots.json'), 'utf8'))
        .slots.filter((s) => s.owner.kind === 'user')
        .map((s) => (s.owner.kind === 'user' ? s.owner.username : ''))
        .sort(),
    ).toEqual(['admin', 'clerk1', 'clerk2']);

    // Both temporary passwords log in, and must be changed first.
    const core = new BansosCore({
      dataDir: dir,
      host: folderDialogs(tempDir()),
      kdfCost: 'test',
      checkOutputs: true,
    });
    try {
      for (const [username, password] of [
        ['clerk1', temporary],
        ['clerk2', printed!],
      ] as const) {
        const client = new Client(core);
        const session = await client.ok('auth.login', { username, password });
        expect(session.user).toMatchObject({ username, mustChangePassword: true });
        expect(await client.call('users.list', {})).toMatchObject({
          ok: false,
          error: { code: 'PASSWORD_CHANGE_REQUIRED' },
        });
      }
    } finally {
      await core.close();
    }
    // The CLI refuses to act for an account still on its temporary password.
    const asClerk = await runCli(['user', 'list', '--data', dir, '--user', 'clerk1'], {
      BANSOS_PASSWORD: temporary,
    });
    expect(asClerk.code, describeRun(asClerk)).toBe(1);
    expect(asClerk.stderr).toMatch(/sementara/);
  });

  it('wrong password exits 1; missing --data, unknown options (--password) and unknown commands exit 2', async () => {
    const { dir } = await initDir();
    const wrong = await runCli(['audit', 'verify', '--data', dir, '--user', 'admin'], {
      BANSOS_PASSWORD: 'bukan kata sandi yang benar',
    });
    expect(wrong.code, describeRun(wrong)).toBe(1);
    expect(wrong.stderr).toMatch(/^Gagal: Nama pengguna atau kata sandi salah/m);
    expect(wrong.stdout).toBe('');

    for (const args of [
      ['audit', 'verify', '--user', 'admin'],
      ['user', 'list', '--user', 'admin'],
      ['keys', 'rotate', '--user', 'admin'],
      ['backup', '--out', join(tempDir(), 'x.bansos-backup'), '--user', 'admin'],
      ['restore', join(tempDir(), 'x.bansos-backup'), '--user', 'admin'],
      ['init', '--user', 'admin'],
    ]) {
      const run = await runCli(args, AS_ADMIN);
      expect(run.code, `${args.join(' ')}: ${describeRun(run)}`).toBe(2);
      expect(run.stderr, args.join(' ')).toContain('--data wajib diisi');
    }

    // There is no way to put a password in argv.
    for (const args of [
      ['init', '--data', join(tempDir(), 'data'), '--user', 'admin', '--password', PASSWORD],
      ['audit', 'verify', '--data', dir, '--user', 'admin', '--password', PASSWORD],
      ['user', 'add', 'clerk9', '--role', 'clerk', '--data', dir, '--user', 'admin', '--password', 'x'],
      ['keys', 'rotate', '--data', dir, '--user', 'admin', '--password', 'x'],
      ['restore', 'x.bansos-backup', '--data', dir, '--user', 'admin', '--password', 'x'],
    ]) {
      const run = await runCli(args, AS_ADMIN);
      expect(run.code, `${args.join(' ')}: ${describeRun(run)}`).toBe(2);
      expect(run.stderr).toMatch(/--password/);
    }
    expect((await runCli(['hapus-semua', '--data', dir], AS_ADMIN)).code).toBe(2);
    expect((await runCli([], AS_ADMIN)).code).toBe(2);
  });

  it('without BANSOS_PASSWORD and without a terminal, the command fails cleanly and says what to set', async () => {
    const { dir } = await initDir();
    const run = await runCli(['user', 'list', '--data', dir, '--user', 'admin'], {});
    expect(run.code, describeRun(run)).not.toBe(0);
    expect(run.stderr).toContain('BANSOS_PASSWORD');
    // An expected situation, not a crash: an Indonesian message, no "unexpected error", no stack trace.
    expect
      .soft(run.stderr, 'missing secret reported as an unexpected error')
      .not.toMatch(/kesalahan tak terduga/);
    expect.soft(run.stderr, 'stack trace printed to the user').not.toMatch(/^\s+at /m);
  });

  it('audit verify --json prints {ok:true}; an edited, deleted or reordered entry makes it exit 1 and name the problem', async () => {
    const { dir } = await initDir();
    const clean = await runCli(['audit', 'verify', '--data', dir, '--user', 'admin', '--json'], AS_ADMIN);
    expect(clean.code, describeRun(clean)).toBe(0);
    const report = jsonOut<{ ok: boolean; entries: number; headSeq: number; problems: unknown[] }>(clean);
    expect(report).toMatchObject({ ok: true, problems: [] });
    expect(report.entries).toBeGreaterThan(20);
    expect(report.headSeq).toBe(report.entries);
    const human = await runCli(['audit', 'verify', '--data', dir, '--user', 'admin'], AS_ADMIN);
    expect(human.code, describeRun(human)).toBe(0);
    expect(human.stdout).toMatch(/Log audit utuh/);

    const key = await keyOf(dir);
    const copy = (name: string) => {
      const target = join(tempDir(), name);
      cpSync(dir, target, { recursive: true });
      return target;
    };
    const cases = [
      {
        name: 'edited',
        sql: `UPDATE audit_log SET changes_json = '{"name":{"new":"Desa Fiktif","old":null}}' WHERE seq = 5`,
        expected: [{ seq: 5, kind: 'edited' }],
        text: /#5 Isi catatan 5 telah diubah/,
      },
      {
        name: 'deleted',
        sql: `DELETE FROM audit_log WHERE seq = 10`,
        expected: [
          { seq: 11, kind: 'missing' },
          { seq: 11, kind: 'bad_link' },
        ],
        text: /#11 Catatan 10 sampai 10 hilang/,
      },
      {
        name: 'swapped',
        sql: `UPDATE audit_log SET seq = -1 WHERE seq = 7; UPDATE audit_log SET seq = 7 WHERE seq = 8; UPDATE audit_log SET seq = 8 WHERE seq = -1;`,
        expected: [
          { seq: 7, kind: 'edited' },
          { seq: 7, kind: 'bad_link' },
          { seq: 8, kind: 'edited' },
          { seq: 8, kind: 'bad_link' },
          // 9 still points at the real 8, which now sits at position 7.
          { seq: 9, kind: 'bad_link' },
        ],
        text: /#7 .*\n(.*\n)*.*#8 /,
      },
    ];
    for (const c of cases) {
      const target = copy(c.name);
      tamper(target, key, c.sql);
      const json = await runCli(['audit', 'verify', '--data', target, '--user', 'admin', '--json'], AS_ADMIN);
      expect(json.code, `${c.name}: ${describeRun(json)}`).toBe(1);
      const found = problemsOf(json);
      expect(found.ok).toBe(false);
      expect(
        found.problems.map(({ seq, kind }) => ({ seq, kind })),
        c.name,
      ).toEqual(c.expected);
      expect(json.stderr).toMatch(/Rantai audit rusak/);

      const text = await runCli(['audit', 'verify', '--data', target, '--user', 'admin'], AS_ADMIN);
      expect(text.code, `${c.name}: ${describeRun(text)}`).toBe(1);
      expect(text.stdout).toMatch(/LOG AUDIT TIDAK UTUH/);
      expect(text.stdout, c.name).toMatch(c.text);
    }
  });

  it('keys rotate keeps every password and the recovery code working, keeps the data identical, and the old key no longer opens the file', async () => {
    const { dir, run } = await initDir();
    const recoveryCode = run.stdout.match(RECOVERY_CODE)![0]!;
    const temporary = 'teh hangat sore di songgokerto';
    const added = await runCli(
      ['user', 'add', 'clerk1', '--role', 'clerk', '--data', dir, '--user', 'admin'],
      { ...AS_ADMIN, BANSOS_NEW_PASSWORD: temporary },
    );
    expect(added.code, describeRun(added)).toBe(0);

    const oldKey = await keyOf(dir);
    const before = contentOf(dir, oldKey);
    const seqOf = (content: Content) => (row: unknown[]) => valueOf(content.audit_log!, row, 'seq') as number;
    const headBefore = Math.max(...before.audit_log!.rows.map(seqOf(before)));

    const rotated = await runCli(['keys', 'rotate', '--data', dir, '--user', 'admin', '--json'], AS_ADMIN);
    expect(rotated.code, describeRun(rotated)).toBe(0);
    expect(jsonOut(rotated)).toMatchObject({ rotatedAt: expect.any(String) });

    const newKey = await keyOf(dir);
    expect(newKey.equals(oldKey)).toBe(false);
    expect(
      (await keyOf(dir, 'clerk1', temporary)).equals(newKey),
      "another user's slot holds the new key",
    ).toBe(true);
    const vault = new Vault(new DataDir(dir), 'interactive', () => new Date());
    expect(
      (await vault.unlockWithRecoveryCode(recoveryCode)).dbKey.equals(newKey),
      'recovery slot holds the new key',
    ).toBe(true);
    const slots = parseSlotFile(readFileSync(join(dir, 'keyslots.json'), 'utf8'));
    expect(
      slots.slots.some((s) => s.nextDbKey),
      'a staged key left behind',
    ).toBe(false);

    // The old key opens nothing: neither the app's way nor the plain driver's.
    expect(() => openEncrypted(new DataDir(dir).dbPath, oldKey)).toThrow(
      expect.objectContaining({ code: 'DB_DAMAGED' }),
    );
    const raw = new SqliteDatabase(new DataDir(dir).dbPath, { readonly: true });
    try {
      raw.pragma(`cipher='chacha20'`);
      raw.pragma(`key="x'${oldKey.toString('hex')}'"`);
      expect(() => raw.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(
        /not a database|encrypted|malformed/i,
      );
    } finally {
      raw.close();
    }

    // Same data: everything as before, plus the rotation's own audit entries (and the login's
    // timestamp, which is not audited).
    const after = contentOf(dir, newKey);
    const newEntries = after
      .audit_log!.rows.filter((row) => seqOf(after)(row) > headBefore)
      .sort((a, b) => seqOf(after)(a) - seqOf(after)(b))
      .map((row) => valueOf(after.audit_log!, row, 'action'));
    expect(newEntries).toEqual(['auth.login', 'keys.rotate']);
    const comparable = (content: Content): Content => {
      const lastLogin = columnIndex(content.users, 'last_login_at');
      return {
        ...content,
        audit_log: {
          ...content.audit_log!,
          rows: content.audit_log!.rows.filter((row) => seqOf(content)(row) <= headBefore),
        },
        users: {
          ...content.users!,
          rows: content.users!.rows.map((row) => row.map((value, i) => (i === lastLogin ? null : value))),
        },
      };
    };
    expect(hashContent(comparable(after))).toBe(hashContent(comparable(before)));

    // And the CLI still works with the same password, on an intact chain.
    const verify = await runCli(['audit', 'verify', '--data', dir, '--user', 'admin', '--json'], AS_ADMIN);
    expect(verify.code, describeRun(verify)).toBe(0);
    expect(jsonOut(verify)).toMatchObject({ ok: true });
  });

  it('keys rotate while the app holds the database open is refused and changes nothing', async () => {
    const { dir } = await initDir();
    const key = await keyOf(dir);
    const slotsBefore = readFileSync(join(dir, 'keyslots.json'), 'utf8');
    // The "app": another process with the database open (as the desktop app keeps it while logged in).
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('./db/connection.ts').then(({ openEncrypted }) => {
           const db = openEncrypted(process.argv[1], Buffer.from(process.env.KEY, 'hex'));
           db.prepare('SELECT count(*) FROM users').get();
           console.log('open');
           setInterval(() => db.prepare('SELECT count(*) FROM users').get(), 200);
         })`,
        new DataDir(dir).dbPath,
      ],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, KEY: key.toString('hex') },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('open') && resolve());
        holder.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
      });
      const run = await runCli(['keys', 'rotate', '--data', dir, '--user', 'admin'], AS_ADMIN);
      expect(run.code, describeRun(run)).toBe(1);
      // Nothing changed: the same key opens the file, no staged key is left in the slots.
      expect(() => openEncrypted(new DataDir(dir).dbPath, key).close()).not.toThrow();
      expect((await keyOf(dir)).equals(key)).toBe(true);
      expect(
        parseSlotFile(readFileSync(join(dir, 'keyslots.json'), 'utf8')).slots.some((s) => s.nextDbKey),
      ).toBe(false);
      expect(parseSlotFile(readFileSync(join(dir, 'keyslots.json'), 'utf8')).slots.map((s) => s.id)).toEqual(
        parseSlotFile(slotsBefore).slots.map((s) => s.id),
      );
      // A foreseeable situation deserves a specific message (close the app first), not INTERNAL.
      expect.soft(run.stderr, 'reported as an unexpected error').not.toMatch(/kesalahan tak terduga/);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('import --json prints the documented object, writes the fix-up workbook with --errors; --dry-run saves nothing; export writes the list', async () => {
    const { dir } = await initDir();
    const temporary = 'sementara teh hangat sore di songgokerto';
    const password = 'teh hangat sore di songgokerto';
    const added = await runCli(
      ['user', 'add', 'clerk1', '--role', 'clerk', '--data', dir, '--user', 'admin'],
      {
        ...AS_ADMIN,
        BANSOS_NEW_PASSWORD: temporary,
      },
    );
    expect(added.code, describeRun(added)).toBe(0);
    const changed = await runCli(['user', 'passwd', '--data', dir, '--user', 'clerk1'], {
      BANSOS_PASSWORD: temporary,
      BANSOS_NEW_PASSWORD: password,
    });
    expect(changed.code, describeRun(changed)).toBe(0);
    const asClerk = { BANSOS_PASSWORD: password };

    const folder = tempDir();
    const file = join(folder, 'penerima.csv');
    writeFileSync(
      file,
      [
        'NOMOR_KK;NOMOR_NIK;NAMA;TANGGAL_LAHIR;JENIS_KELAMIN;HUBUNGAN_KELUARGA;DESA_KELURAHAN;KECAMATAN',
        '3579012003150004;3579011205800001;Budi Santoso;12-05-1980;L;KEPALA KELUARGA;Oro-oro Ombo;Batu',
        '3579012003150004;3579015708830002;Siti Aminah;17-08-1983;P;ISTRI;Oro-oro Ombo;Batu',
        '3579012003150004;3579014005800003;Anak Salah;01-01-2010;L;ANAK;Oro-oro Ombo;Batu',
      ].join('\r\n'),
    );

    const dry = await runCli(
      ['import', file, '--data', dir, '--user', 'clerk1', '--dry-run', '--json'],
      asClerk,
    );
    expect(dry.code, describeRun(dry)).toBe(0);
    expect(jsonOut(dry)).toMatchObject({ committed: false, counts: { rows: 3, new: 2, errors: 1 } });

    const fixes = join(folder, 'perbaikan.xlsx');
    const run = await runCli(
      ['import', file, '--data', dir, '--user', 'clerk1', '--json', '--errors', fixes],
      asClerk,
    );
    expect(run.code, describeRun(run)).toBe(0);
    const report = jsonOut<Record<string, unknown>>(run);
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['file', 'sheet', 'headerRow', 'mapping', 'counts', 'problems', 'committed']),
    );
    expect(report).toMatchObject({
      file,
      headerRow: 1,
      mapping: { NOMOR_NIK: 'nik', NAMA: 'name' },
      counts: {
        rows: 3,
        valid: 2,
        new: 2,
        updated: 0,
        unchanged: 0,
        skipped: 1,
        errors: 1,
        warnings: 0,
        possibleDuplicates: 0,
      },
      committed: true,
      errorsFile: fixes,
    });
    expect(report.problems).toEqual([
      {
        row: 4,
        column: 'NOMOR_NIK',
        value: '3579014005800003',
        severity: 'error',
        code: expect.stringMatching(/^NIK/),
        message: expect.stringContaining('bukan tanggal lahir'),
      },
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(fixes);
    const sheet = workbook.worksheets[0]!;
    const texts = sheet.getSheetValues().flat().map(String);
    expect(texts).toContain('3579014005800003');
    expect(texts).not.toContain('3579011205800001');

    const out = join(folder, 'ekspor.csv');
    const exported = await runCli(
      ['export', '--data', dir, '--user', 'clerk1', '--out', out, '--json'],
      asClerk,
    );
    expect(exported.code, describeRun(exported)).toBe(0);
    expect(jsonOut(exported)).toEqual({ file: out, rows: 2 });
    expect(readFileSync(out, 'utf8')).toContain('3579015708830002');
  });
});
