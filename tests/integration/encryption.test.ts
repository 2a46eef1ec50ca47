import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { BansosCore } from '../../core/app.ts';
import { openEncrypted } from '../../db/connection.ts';
import { ADMIN, Client, folderDialogs, PASSWORDS, setUpCore } from '../support/core.ts';
import { findClearText, findClearTextInFile } from '../support/scanBytes.ts';
import { tempDir } from '../support/tempDir.ts';

/**
 * The database file never contains a stored name in clear (scan the bytes, WAL included),
 * cannot be opened by plain SQLite nor with a wrong password; the recovery code opens it.
 */

const PEOPLE = [
  { username: 'sulastri', fullName: 'Sulastri Wahyuningsih', role: 'clerk' as const },
  { username: 'bambang.s', fullName: 'Bambang Suprapto Hadiwijoyo', role: 'officer' as const },
  { username: 'nurhaliza', fullName: 'Siti Nurhaliza Kusumawardani', role: 'manager' as const },
];
/** Region names from the bundled Kemendagri list (stored as name and as folded name_key). */
const REGION_NAMES = ['Songgokerto', 'Sumberbrantas', 'Oro-oro Ombo', 'Tulungrejo', 'Pesanggrahan'];
const OFFICE_NAME = 'Unit Layanan Sosial Tlekung Makmur';
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

const mode = (path: string) => statSync(path).mode & 0o777;

/** Opens with the plain driver, as an attacker with the file would; answers the error message. */
function plainOpenError(
  path: string,
  setup: (db: SqliteDatabase.Database) => void = () => {},
): string | null {
  const db = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  try {
    setup(db);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.prepare('SELECT count(*) FROM users').get();
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    db.close();
  }
}

const withKey = (cipher: string | null, key: Buffer) => (db: SqliteDatabase.Database) => {
  if (cipher) db.pragma(`cipher='${cipher}'`);
  db.pragma(`key="x'${key.toString('hex')}'"`);
};

describe('encryption at rest', () => {
  it('keeps names out of bansos.db, its WAL and keyslots.json, refuses plain and wrong-key opens, and opens with the recovery code', async () => {
    const { core, admin, dataDir, files, recoveryCode } = await setUpCore();
    const dbPath = core.dir.dbPath;
    const walPath = `${dbPath}-wal`;
    const shmPath = `${dbPath}-shm`;
    const slotsPath = core.dir.slotsPath;

    const addPerson = (person: (typeof PEOPLE)[number]) =>
      admin.ok('users.create', {
        ...person,
        area: { kecamatan: [], desa: [] },
        temporaryPassword: `sementara ${PASSWORDS[person.role]}`,
      });
    const key = Buffer.from(core.key);
    // The first people reach the main file (checkpoint), the last one and the settings stay in
    // the WAL: both files then hold names to find.
    await addPerson(PEOPLE[0]!);
    await addPerson(PEOPLE[1]!);
    const checkpointer = openEncrypted(dbPath, key);
    try {
      expect(checkpointer.pragma('wal_checkpoint(TRUNCATE)', { simple: true })).toBe(0);
    } finally {
      checkpointer.close();
    }
    await addPerson(PEOPLE[2]!);
    await admin.ok('settings.update', { officeName: OFFICE_NAME, idleLockMinutes: 30 });
    const mainOnly = `${tempDir()}/main-only.db`;
    copyFileSync(dbPath, mainOnly);
    const mainFile = openEncrypted(mainOnly, key);
    try {
      const inMain = mainFile.prepare('SELECT full_name FROM users').pluck().all();
      expect(inMain, 'checkpointed names are in the main file').toEqual(
        expect.arrayContaining([PEOPLE[0]!.fullName, PEOPLE[1]!.fullName]),
      );
      expect(inMain, 'the last name is only in the WAL').not.toContain(PEOPLE[2]!.fullName);
    } finally {
      mainFile.close();
    }

    // The data is really stored (else a clean scan would prove nothing), as UTF-8, and recently
    // written pages sit in the WAL: the core is still open, nothing forced a checkpoint.
    const check = openEncrypted(dbPath, key);
    try {
      expect(check.pragma('encoding', { simple: true })).toBe('UTF-8');
      expect(check.prepare('SELECT full_name FROM users ORDER BY full_name').pluck().all()).toEqual(
        expect.arrayContaining(PEOPLE.map((p) => p.fullName)),
      );
      expect(check.prepare(`SELECT name FROM regions WHERE name = 'Songgokerto'`).pluck().get()).toBe(
        'Songgokerto',
      );
    } finally {
      check.close();
    }
    expect(existsSync(walPath)).toBe(true);
    expect(statSync(walPath).size).toBeGreaterThan(4096);

    const fullNames = [
      ...PEOPLE.map((p) => p.fullName),
      ADMIN.fullName,
      'Wahyuningsih',
      'Kusumawardani',
      'Hadiwijoyo',
    ];
    const inDatabase = [
      ...fullNames,
      ...REGION_NAMES,
      'songgokerto',
      OFFICE_NAME,
      'Tlekung',
      'sulastri',
      'nurhaliza',
      'kecamatan',
      'CREATE TABLE',
      'audit_log',
    ];

    // While open: main file, WAL and shared-memory index.
    expect(findClearTextInFile(dbPath, inDatabase), 'clear text in bansos.db (open)').toEqual([]);
    expect(findClearTextInFile(walPath, inDatabase), 'clear text in bansos.db-wal').toEqual([]);
    expect(findClearTextInFile(shmPath, inDatabase), 'clear text in bansos.db-shm').toEqual([]);
    // keyslots.json names the accounts by username (it must, to find a slot), but holds no
    // full name, region or office, and not the recovery code.
    const slotSecrets = [
      ...fullNames,
      ...REGION_NAMES,
      OFFICE_NAME,
      recoveryCode,
      recoveryCode.replace(/-/g, ''),
      key.toString('hex'),
      key.toString('base64'),
    ];
    expect(findClearTextInFile(slotsPath, slotSecrets), 'clear text in keyslots.json').toEqual([]);
    expect(findClearTextInFile(`${slotsPath}.bak`, slotSecrets), 'clear text in keyslots.json.bak').toEqual(
      [],
    );
    expect(readFileSync(slotsPath, 'utf8')).not.toContain(ADMIN.password);

    // Owner-only files and folder.
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(dbPath)).toBe(0o600);
    expect(mode(walPath)).toBe(0o600);
    expect(mode(shmPath)).toBe(0o600);
    expect(mode(slotsPath)).toBe(0o600);
    expect(mode(`${slotsPath}.bak`)).toBe(0o600);

    // No SQLite header: the file does not even look like a database.
    const header = readFileSync(dbPath).subarray(0, 16);
    expect(header.equals(SQLITE_HEADER)).toBe(false);

    // The plain driver and wrong keys are refused while the app has it open ...
    expect(plainOpenError(dbPath)).toMatch(/file is not a database/);
    const wrongKey = randomBytes(32);
    expect(plainOpenError(dbPath, withKey('chacha20', wrongKey))).toMatch(
      /not a database|encrypted|malformed/i,
    );
    expect(plainOpenError(dbPath, withKey(null, wrongKey))).toMatch(/not a database|encrypted|malformed/i);
    expect(plainOpenError(dbPath, withKey('sqlcipher', key))).toMatch(/not a database|encrypted|malformed/i);
    // ... and the right key, the same way, is the positive control that this probe works.
    expect(plainOpenError(dbPath, withKey('chacha20', key))).toBeNull();
    expect(() => openEncrypted(dbPath, wrongKey)).toThrow(expect.objectContaining({ code: 'DB_DAMAGED' }));

    await core.close();

    // Closed: everything was checkpointed into bansos.db; scan it again, whole.
    expect(existsSync(walPath)).toBe(false);
    const closedBytes = readFileSync(dbPath);
    expect(closedBytes.subarray(0, 16).equals(SQLITE_HEADER)).toBe(false);
    expect(findClearText(closedBytes, inDatabase), 'clear text in bansos.db (closed)').toEqual([]);
    expect(mode(dbPath)).toBe(0o600);
    expect(plainOpenError(dbPath)).toMatch(/file is not a database/);
    expect(plainOpenError(dbPath, withKey('chacha20', wrongKey))).toMatch(
      /not a database|encrypted|malformed/i,
    );

    // A wrong password through the real login path opens nothing.
    const later = new BansosCore({
      dataDir,
      host: folderDialogs(files),
      kdfCost: 'test',
      checkOutputs: true,
    });
    try {
      const stranger = new Client(later);
      const wrong = await stranger.call('auth.login', {
        username: 'admin',
        password: 'bukan kata sandi yang benar',
      });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_CREDENTIALS' } });
      expect(later.isOpen).toBe(false);
      const badCode = await stranger.call('auth.recover', {
        recoveryCode: 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE',
        username: 'admin',
        newPassword: 'kata sandi baru setelah lupa',
      });
      expect(badCode).toMatchObject({ ok: false, error: { code: 'WRONG_CREDENTIALS' } });
      expect(later.isOpen).toBe(false);

      // The recovery code (typed loosely: lower case, spaces) opens the database and resets
      // the admin's password; the data is all there.
      const recovered = new Client(later);
      const newPassword = 'lupa kata sandi lalu dipulihkan';
      const session = await recovered.ok('auth.recover', {
        recoveryCode: recoveryCode.toLowerCase().replace(/-/g, ' '),
        username: 'admin',
        newPassword,
      });
      expect(session.user).toMatchObject({ username: 'admin', role: 'admin' });
      const users = await recovered.ok('users.list', {});
      expect(users.map((u) => u.fullName)).toEqual(expect.arrayContaining(PEOPLE.map((p) => p.fullName)));
      const regions = await recovered.ok('regions.list', {});
      expect(regions.map((r) => r.name)).toEqual(expect.arrayContaining(REGION_NAMES));
      expect((await recovered.ok('settings.get', {})).officeName).toBe(OFFICE_NAME);

      // The new password works, the forgotten one no longer does.
      const again = new Client(later);
      await again.ok('auth.login', { username: 'admin', password: newPassword });
      const old = await new Client(later).call('auth.login', { username: 'admin', password: ADMIN.password });
      expect(old).toMatchObject({ ok: false, error: { code: 'WRONG_CREDENTIALS' } });
    } finally {
      await later.close();
    }
    expect(findClearTextInFile(dbPath, inDatabase), 'clear text in bansos.db after recovery').toEqual([]);
    expect(findClearTextInFile(slotsPath, slotSecrets), 'clear text in keyslots.json after recovery').toEqual(
      [],
    );
    expect(mode(slotsPath)).toBe(0o600);
  });

  it('control: the same byte scan finds the names in a plain SQLite file and its WAL', () => {
    const path = `${tempDir()}/plain.db`;
    const db = new SqliteDatabase(path);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('wal_autocheckpoint = 0');
      db.exec('CREATE TABLE users (full_name TEXT)');
      db.prepare('INSERT INTO users VALUES (?)').run(PEOPLE[0]!.fullName);
      expect(readFileSync(path).subarray(0, 16).equals(SQLITE_HEADER)).toBe(true);
      expect(findClearTextInFile(`${path}-wal`, [PEOPLE[0]!.fullName])).toEqual([PEOPLE[0]!.fullName]);
      db.pragma('wal_checkpoint(TRUNCATE)');
      expect(findClearTextInFile(path, [PEOPLE[0]!.fullName, 'Songgokerto'])).toEqual([PEOPLE[0]!.fullName]);
    } finally {
      db.close();
    }
  });

  it("a data folder made by one core is not readable by another data folder's key", async () => {
    const one = await setUpCore();
    const two = await setUpCore({ dataDir: `${tempDir()}/data` });
    try {
      expect(one.core.key.equals(two.core.key)).toBe(false);
      expect(() => openEncrypted(one.core.dir.dbPath, two.core.key)).toThrow(
        expect.objectContaining({ code: 'DB_DAMAGED' }),
      );
    } finally {
      await one.core.close();
      await two.core.close();
    }
  });
});
