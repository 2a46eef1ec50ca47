import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BansosCore } from '../../core/app.ts';
import { decodeBackup, encodeBackup } from '../../core/backup/format.ts';
import { restoreBackup } from '../../core/backup/restore.ts';
import { integrityOk, openEncrypted } from '../../db/connection.ts';
import { parseSlotFile } from '../../db/keySlots.ts';
import { describeRun, jsonOut, runCli } from '../support/cli.ts';
import { hashContent, readContent, valueOf, type Content } from '../support/contentHash.ts';
import { ADMIN, type Client, PASSWORDS, setUpCore } from '../support/core.ts';
import { findClearText } from '../support/scanBytes.ts';
import { tempDir } from '../support/tempDir.ts';

/**
 * Backup -> restore into a new data folder gives identical content (a hash over every table),
 * through the app's dispatch path and through the CLI; damaged backups, wrong credentials and
 * occupied folders are refused without touching anything.
 */

const PEOPLE = [
  { username: 'sulastri', fullName: 'Sulastri Wahyuningsih', role: 'clerk' as const },
  { username: 'bambang.s', fullName: 'Bambang Suprapto Hadiwijoyo', role: 'officer' as const },
];
const REGION_NAMES = ['Songgokerto', 'Sumberbrantas', 'Oro-oro Ombo', 'Tulungrejo'];
const AS_ADMIN = { BANSOS_PASSWORD: ADMIN.password };
const mode = (path: string) => statSync(path).mode & 0o777;

async function makeSource() {
  const env = await setUpCore();
  for (const person of PEOPLE) {
    await env.admin.ok('users.create', {
      ...person,
      area: { kecamatan: [], desa: [] },
      temporaryPassword: `sementara ${PASSWORDS[person.role]}`,
    });
  }
  await env.admin.ok('settings.update', { idleLockMinutes: 25 });
  return { ...env, key: Buffer.from(env.core.key) };
}

/** The app's way: the host's save dialog answers a path, then the backup job runs in a worker. */
async function dispatchBackup(core: BansosCore, admin: Client, files: string, name: string) {
  const chosen = await admin.ok('files.chooseSave', { purpose: 'backup', suggestedName: name });
  expect(chosen).not.toBeNull();
  const { jobId } = await admin.ok('backup.start', { target: chosen!.handle });
  const view = await core.jobs.wait(jobId);
  expect(view.state, JSON.stringify(view.error)).toBe('done');
  const path = join(files, name);
  return { path, bytes: (view.result as { bytes: number }).bytes };
}

function contentOf(dbPath: string, key: Buffer): Content {
  const db = openEncrypted(dbPath, key);
  try {
    expect(integrityOk(db), `integrity_check of ${dbPath}`).toBe(true);
    return readContent(db);
  } finally {
    db.close();
  }
}

const hashOf = (dbPath: string, key: Buffer) => hashContent(contentOf(dbPath, key));

/** Content without the newest audit entries (those written after the backup's snapshot). */
function withoutAuditAfter(content: Content, seq: number): Content {
  const audit = content.audit_log!;
  return {
    ...content,
    audit_log: { ...audit, rows: audit.rows.filter((row) => (valueOf(audit, row, 'seq') as number) <= seq) },
  };
}

const lastAudit = (content: Content) => {
  const audit = content.audit_log!;
  const last = audit.rows.reduce((a, b) =>
    (valueOf(audit, a, 'seq') as number) > (valueOf(audit, b, 'seq') as number) ? a : b,
  );
  return {
    seq: valueOf(audit, last, 'seq') as number,
    username: valueOf(audit, last, 'username'),
    action: valueOf(audit, last, 'action'),
  };
};

const listing = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : null);

describe('backup and restore', () => {
  it('dispatch backup -> CLI restore into a new folder: identical content, audited, audit verify passes', async () => {
    const { core, admin, files, key } = await makeSource();
    const before = hashOf(core.dir.dbPath, key);

    const { path, bytes } = await dispatchBackup(core, admin, files, 'kantor.bansos-backup');
    expect(statSync(path).size).toBe(bytes);
    expect(mode(path)).toBe(0o600);
    expect(listing(files), 'no partial or temporary files left beside the backup').toEqual([
      'kantor.bansos-backup',
    ]);

    // The backup is audited: exactly one backup.create entry, after the snapshot, by the admin.
    const audited = await admin.ok('audit.list', { action: 'backup.create' });
    expect(audited.entries).toHaveLength(1);
    expect(audited.entries[0]).toMatchObject({
      action: 'backup.create',
      entity: 'database',
      username: 'admin',
      changes: { file: 'kantor.bansos-backup', bytes },
    });
    const after = contentOf(core.dir.dbPath, key);
    expect(lastAudit(after)).toMatchObject({ action: 'backup.create', username: 'admin' });
    expect(
      hashContent(withoutAuditAfter(after, lastAudit(after).seq - 1)),
      'the audit entry is the only change the backup made',
    ).toBe(before);

    // No name in clear anywhere in the file (the header holds usernames in key slots, by design).
    const file = readFileSync(path);
    expect(
      findClearText(file, [
        ...PEOPLE.map((p) => p.fullName),
        ADMIN.fullName,
        ...REGION_NAMES,
        'songgokerto',
        'CREATE TABLE',
      ]),
    ).toEqual([]);
    const { header, dbImage } = decodeBackup(file);
    expect(dbImage.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    expect(header.keySlots.slots.every((s) => s.failures.count === 0)).toBe(true);

    const target = join(tempDir(), 'dipulihkan');
    const restored = await runCli(['restore', path, '--data', target, '--user', 'admin', '--json'], AS_ADMIN);
    expect(restored.code, describeRun(restored)).toBe(0);
    expect(jsonOut(restored)).toMatchObject({
      dataDir: target,
      createdAt: header.createdAt,
      replacedTo: null,
    });
    expect(listing(target)).toEqual(['bansos.db', 'files', 'keyslots.json', 'keyslots.json.bak']);
    expect(mode(join(target, 'bansos.db'))).toBe(0o600);
    expect(mode(join(target, 'keyslots.json'))).toBe(0o600);
    expect(hashOf(join(target, 'bansos.db'), key), 'restored content = content at backup time').toBe(before);
    const slots = parseSlotFile(readFileSync(join(target, 'keyslots.json'), 'utf8'));
    expect(slots.slots.map((s) => s.id).sort()).toEqual(
      core.dir
        .readSlots()
        .slots.map((s) => s.id)
        .sort(),
    );

    const verify = await runCli(['audit', 'verify', '--data', target, '--user', 'admin', '--json'], AS_ADMIN);
    expect(verify.code, describeRun(verify)).toBe(0);
    expect(jsonOut(verify)).toMatchObject({ ok: true, problems: [] });
    await core.close();
  });

  it('CLI backup while the app keeps the folder open -> CLI restore: identical content', async () => {
    const { core, admin, files, key } = await makeSource();
    const out = join(files, 'dari-cli.bansos-backup');
    const backup = await runCli(
      ['backup', '--out', out, '--data', core.dir.root, '--user', 'admin', '--json'],
      AS_ADMIN,
    );
    expect(backup.code, describeRun(backup)).toBe(0);
    const answer = jsonOut<{ file: string; bytes: number }>(backup);
    expect(answer.file).toBe(out);
    expect(statSync(out).size).toBe(answer.bytes);
    expect(listing(files)).toEqual(['dari-cli.bansos-backup']);
    expect(findClearText(readFileSync(out), [...PEOPLE.map((p) => p.fullName), ...REGION_NAMES])).toEqual([]);

    // The CLI logged in (audited) before the snapshot and noted the backup after it.
    const after = contentOf(core.dir.dbPath, key);
    const last = lastAudit(after);
    expect(last).toMatchObject({ action: 'backup.create', username: 'admin' });
    const atBackup = hashContent(withoutAuditAfter(after, last.seq - 1));

    const target = join(tempDir(), 'dipulihkan');
    const restored = await runCli(['restore', out, '--data', target, '--user', 'admin'], AS_ADMIN);
    expect(restored.code, describeRun(restored)).toBe(0);
    expect(restored.stdout).toContain('dipulihkan');
    expect(hashOf(join(target, 'bansos.db'), key)).toBe(atBackup);

    // The open app did not notice anything.
    await admin.ok('users.list', {});
    await core.close();
  });

  it('a truncated or altered backup is refused with BACKUP_DAMAGED and nothing is created', async () => {
    const { core, admin, files } = await makeSource();
    const { path } = await dispatchBackup(core, admin, files, 'utuh.bansos-backup');
    await core.close();
    const whole = readFileSync(path);
    const flipped = Buffer.from(whole);
    flipped[Math.floor(whole.length / 2)]! ^= 0x01;
    const variants: Record<string, Buffer> = {
      'cut to 10 bytes': whole.subarray(0, 10),
      'cut in half': whole.subarray(0, Math.floor(whole.length / 2)),
      'last byte missing': whole.subarray(0, whole.length - 1),
      'one byte flipped in the middle': flipped,
      'one byte appended': Buffer.concat([whole, Buffer.from([0])]),
      empty: Buffer.alloc(0),
    };
    const credentials = { username: 'admin', password: ADMIN.password };
    for (const [what, bytes] of Object.entries(variants)) {
      const damaged = join(files, `rusak-${what.replace(/\W+/g, '-')}.bansos-backup`);
      writeFileSync(damaged, bytes);
      const absent = join(tempDir(), 'baru');
      await expect(restoreBackup(damaged, absent, credentials), what).rejects.toMatchObject({
        code: 'BACKUP_DAMAGED',
      });
      expect(existsSync(absent), `${what}: target folder created`).toBe(false);
      const empty = tempDir();
      await expect(restoreBackup(damaged, empty, credentials), what).rejects.toMatchObject({
        code: 'BACKUP_DAMAGED',
      });
      expect(listing(empty), `${what}: files created in the target`).toEqual([]);
    }

    for (const what of ['cut in half', 'one byte flipped in the middle', 'cut to 10 bytes']) {
      const damaged = join(files, `cli-${what.replace(/\W+/g, '-')}.bansos-backup`);
      writeFileSync(damaged, variants[what]!);
      const target = join(tempDir(), 'baru');
      const run = await runCli(['restore', damaged, '--data', target, '--user', 'admin'], AS_ADMIN);
      expect(run.code, describeRun(run)).toBe(1);
      expect(run.stderr).toMatch(/rusak|bukan cadangan/);
      expect(existsSync(target)).toBe(false);
    }

    // Control: the intact file restores.
    await restoreBackup(path, join(tempDir(), 'baru'), credentials);
  });

  it('a backup whose database image is damaged but whose checksums were recomputed is refused as BACKUP_DAMAGED', async () => {
    const { core, admin, files } = await makeSource();
    const { path } = await dispatchBackup(core, admin, files, 'asli.bansos-backup');
    await core.close();
    const { header, dbImage } = decodeBackup(readFileSync(path));
    const { format: _f, dbBytes: _b, dbSha256: _s, ...rest } = header;
    // One byte in page 1, in a middle page, in the last page.
    for (const offset of [100, 4096 * Math.floor(dbImage.length / 8192) + 200, dbImage.length - 100]) {
      const image = Buffer.from(dbImage);
      image[offset]! ^= 0x01;
      const forged = join(files, `palsu-${offset}.bansos-backup`);
      writeFileSync(forged, encodeBackup(rest, image));
      const target = join(tempDir(), 'baru');
      const error = await restoreBackup(forged, target, { username: 'admin', password: ADMIN.password }).then(
        () => null,
        (e: unknown) => e as { code?: string; message: string },
      );
      // Refused, and nothing left behind ...
      expect(error, `byte ${offset}: a damaged database image was restored`).not.toBeNull();
      expect(listing(target) ?? [], `byte ${offset}: files left in the target`).toEqual([]);
      // ... and refused as what it is: a damaged backup (restore.ts promises BACKUP_DAMAGED
      // when the image fails integrity_check).
      expect
        .soft(error?.code, `byte ${offset}: error code (${error?.message.slice(0, 80)})`)
        .toBe('BACKUP_DAMAGED');

      const run = await runCli(['restore', forged, '--data', target, '--user', 'admin'], AS_ADMIN);
      expect(run.code, describeRun(run)).toBe(1);
      expect(listing(target) ?? []).toEqual([]);
      expect
        .soft(run.stderr.split('\n')[0], `byte ${offset}: CLI message`)
        .toMatch(/^Gagal: Berkas cadangan rusak/);
      expect.soft(run.stderr, `byte ${offset}: CLI message`).not.toMatch(/kesalahan tak terduga/);
    }
  });

  it('the wrong password is refused; the password of backup time and the recovery code work', async () => {
    const { core, admin, files, key, recoveryCode } = await makeSource();
    const before = hashOf(core.dir.dbPath, key);
    const { path } = await dispatchBackup(core, admin, files, 'kunci.bansos-backup');
    // A password changed after the backup does not open it; the one valid at backup time does.
    const newPassword = 'kata sandi baru sesudah cadangan';
    await admin.ok('auth.changePassword', { currentPassword: ADMIN.password, newPassword });
    await core.close();

    for (const credentials of [
      { username: 'admin', password: 'bukan kata sandi admin yang benar' },
      { username: 'admin', password: newPassword },
      { username: 'tidakada', password: ADMIN.password },
      { recoveryCode: 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE' },
    ]) {
      const target = join(tempDir(), 'baru');
      await expect(
        restoreBackup(path, target, credentials),
        JSON.stringify(credentials),
      ).rejects.toMatchObject({ code: 'WRONG_CREDENTIALS' });
      expect(existsSync(target)).toBe(false);
    }

    const refused = join(tempDir(), 'ditolak');
    const wrong = await runCli(['restore', path, '--data', refused, '--user', 'admin'], {
      BANSOS_PASSWORD: newPassword,
    });
    expect(wrong.code, describeRun(wrong)).toBe(1);
    expect(wrong.stderr).toMatch(/tidak dapat dibuka/);
    const wrongCode = await runCli(['restore', path, '--data', refused, '--recovery'], {
      BANSOS_RECOVERY_CODE: 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE',
    });
    expect(wrongCode.code, describeRun(wrongCode)).toBe(1);
    expect(existsSync(refused)).toBe(false);

    const byOldPassword = join(tempDir(), 'sandi-lama');
    const old = await runCli(['restore', path, '--data', byOldPassword, '--user', 'admin'], AS_ADMIN);
    expect(old.code, describeRun(old)).toBe(0);
    expect(hashOf(join(byOldPassword, 'bansos.db'), key)).toBe(before);

    const byRecovery = join(tempDir(), 'pemulihan');
    const recovered = await runCli(['restore', path, '--data', byRecovery, '--recovery', '--json'], {
      BANSOS_RECOVERY_CODE: recoveryCode,
    });
    expect(recovered.code, describeRun(recovered)).toBe(0);
    expect(jsonOut(recovered)).toMatchObject({ dataDir: byRecovery, replacedTo: null });
    expect(hashOf(join(byRecovery, 'bansos.db'), key)).toBe(before);
    const verify = await runCli(
      ['audit', 'verify', '--data', byRecovery, '--user', 'admin', '--json'],
      AS_ADMIN,
    );
    expect(verify.code, describeRun(verify)).toBe(0);
    expect(jsonOut(verify)).toMatchObject({ ok: true });
  });

  it('restore into a data folder in use is refused unless --replace, which moves the old files to diganti-*', async () => {
    const { core, admin, files, key } = await makeSource();
    const first = await dispatchBackup(core, admin, files, 'pertama.bansos-backup');
    const hashFirst = hashContent(
      withoutAuditAfter(contentOf(core.dir.dbPath, key), lastAudit(contentOf(core.dir.dbPath, key)).seq - 1),
    );
    await admin.ok('users.create', {
      username: 'tambahan',
      fullName: 'Pengguna Tambahan Baru',
      role: 'auditor',
      area: { kecamatan: [], desa: [] },
      temporaryPassword: `sementara ${PASSWORDS.auditor}`,
    });
    const hashSecond = hashOf(core.dir.dbPath, key);
    const second = await dispatchBackup(core, admin, files, 'kedua.bansos-backup');
    await core.close();
    expect(hashSecond).not.toBe(hashFirst);

    const target = join(tempDir(), 'kantor');
    const one = await runCli(['restore', first.path, '--data', target, '--user', 'admin'], AS_ADMIN);
    expect(one.code, describeRun(one)).toBe(0);
    expect(hashOf(join(target, 'bansos.db'), key)).toBe(hashFirst);
    const oldDb = readFileSync(join(target, 'bansos.db'));
    const oldSlots = readFileSync(join(target, 'keyslots.json'));

    const refused = await runCli(['restore', second.path, '--data', target, '--user', 'admin'], AS_ADMIN);
    expect(refused.code, describeRun(refused)).toBe(1);
    expect(refused.stderr).toMatch(/sudah berisi data/);
    expect(listing(target)).toEqual(['bansos.db', 'files', 'keyslots.json', 'keyslots.json.bak']);
    expect(readFileSync(join(target, 'bansos.db')).equals(oldDb)).toBe(true);
    expect(readFileSync(join(target, 'keyslots.json')).equals(oldSlots)).toBe(true);

    const replaced = await runCli(
      ['restore', second.path, '--data', target, '--user', 'admin', '--replace', '--json'],
      AS_ADMIN,
    );
    expect(replaced.code, describeRun(replaced)).toBe(0);
    const { replacedTo } = jsonOut<{ replacedTo: string }>(replaced);
    expect(replacedTo).toMatch(/[\\/]diganti-[^\\/]+$/);
    expect(replacedTo.startsWith(target)).toBe(true);
    const aside = replacedTo.split(/[\\/]/).pop()!;
    expect(listing(target)).toEqual(
      ['bansos.db', aside, 'files', 'keyslots.json', 'keyslots.json.bak'].sort(),
    );
    expect(listing(replacedTo)).toEqual(['bansos.db', 'files', 'keyslots.json', 'keyslots.json.bak']);
    expect(
      readFileSync(join(replacedTo, 'bansos.db')).equals(oldDb),
      'old database moved aside unchanged',
    ).toBe(true);
    expect(
      readFileSync(join(replacedTo, 'keyslots.json')).equals(oldSlots),
      'old key slots moved aside unchanged',
    ).toBe(true);
    expect(hashOf(join(target, 'bansos.db'), key)).toBe(hashSecond);
    expect(hashOf(join(replacedTo, 'bansos.db'), key)).toBe(hashFirst);
  });

  describe('a folder holding a database but no keyslots.json (e.g. the key file was lost after a crash)', () => {
    /** A copy of a live folder's database and its WAL, as a crashed app leaves them, without key slots. */
    async function crashedFolderAndBackup() {
      const { core, admin, files, key } = await makeSource();
      const backup = await dispatchBackup(core, admin, files, 'lama.bansos-backup');
      const atBackup = hashContent(
        withoutAuditAfter(
          contentOf(core.dir.dbPath, key),
          lastAudit(contentOf(core.dir.dbPath, key)).seq - 1,
        ),
      );
      // Newer work, still in the WAL.
      await admin.ok('users.create', {
        username: 'terbaru',
        fullName: 'Pengguna Paling Baru',
        role: 'clerk',
        area: { kecamatan: [], desa: [] },
        temporaryPassword: `sementara ${PASSWORDS.clerk}`,
      });
      const target = join(tempDir(), 'kantor');
      mkdirSync(target);
      copyFileSync(core.dir.dbPath, join(target, 'bansos.db'));
      copyFileSync(`${core.dir.dbPath}-wal`, join(target, 'bansos.db-wal'));
      await core.close();
      return {
        backup,
        target,
        key,
        atBackup,
        oldDb: readFileSync(join(target, 'bansos.db')),
        oldWal: readFileSync(join(target, 'bansos.db-wal')),
      };
    }

    it('is not overwritten without --replace', async () => {
      const { backup, target, oldDb, oldWal } = await crashedFolderAndBackup();
      const run = await runCli(['restore', backup.path, '--data', target, '--user', 'admin'], AS_ADMIN);
      expect(run.code, `restore over an existing bansos.db must be refused: ${describeRun(run)}`).toBe(1);
      expect(readFileSync(join(target, 'bansos.db')).equals(oldDb), 'existing bansos.db overwritten').toBe(
        true,
      );
      expect(readFileSync(join(target, 'bansos.db-wal')).equals(oldWal)).toBe(true);
    });

    it('with --replace, the old files are moved aside and the restored database opens whole', async () => {
      const { backup, target, key, atBackup, oldDb } = await crashedFolderAndBackup();
      const run = await runCli(
        ['restore', backup.path, '--data', target, '--user', 'admin', '--replace', '--json'],
        AS_ADMIN,
      );
      expect(run.code, describeRun(run)).toBe(0);
      const { replacedTo } = jsonOut<{ replacedTo: string | null }>(run);
      expect.soft(replacedTo, 'old database moved aside').not.toBeNull();
      if (replacedTo) expect.soft(readFileSync(join(replacedTo, 'bansos.db')).equals(oldDb)).toBe(true);
      expect
        .soft(existsSync(join(target, 'bansos.db-wal')), 'stale WAL left beside the restored database')
        .toBe(false);
      expect(
        () => hashOf(join(target, 'bansos.db'), key),
        'the restored database must open whole',
      ).not.toThrow();
      expect(hashOf(join(target, 'bansos.db'), key)).toBe(atBackup);
    });
  });
});
