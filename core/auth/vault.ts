import { AppFailure } from '../../common/errors.ts';
import type { DataDir } from '../../db/dataDir.ts';
import {
  commitNextKey,
  createSlot,
  dropNextKey,
  newDatabaseKey,
  newRecoveryCode,
  normalizeRecoveryCode,
  putSlot,
  recoverySlot,
  removeUserSlot,
  stageNextKey,
  spendUnlockWork,
  unlockSlot,
  updateSlot,
  userSlot,
  type KdfCost,
  type KeySlot,
  type KeySlotFile,
  type UnlockedSlot,
} from '../../db/keySlots.ts';
import { rekey } from '../../db/connection.ts';
import { Database } from '../db/database.ts';

/** After this many consecutive failures an account stops accepting passwords (NIST: at most 100). */
export const MAX_FAILURES = 100;
/** Failures allowed without any wait: a typo or two costs nothing. */
const FREE_FAILURES = 3;
const MAX_DELAY_SECONDS = 300;

export function delayAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS);
}

/** A slot's failed-attempt counter (KeySlot.failures). */
type Failures = KeySlot['failures'];

/** The answer to a wrong password, the `failures`-th in a row (this one included). */
function wrongPassword(failures: number): AppFailure {
  if (failures >= MAX_FAILURES) return accountLocked();
  const wait = delayAfter(failures);
  if (wait > 0)
    return new AppFailure(
      'WRONG_CREDENTIALS',
      `Nama pengguna atau kata sandi salah. Tunggu ${wait} detik sebelum mencoba lagi.`,
      { retryAfterSeconds: wait },
    );
  return wrongCredentials();
}

/** How many unknown names keep a counter: about 100 bytes each, so a few megabytes at most. */
export const UNKNOWN_NAMES_KEPT = 20_000;

/**
 * Failure counters of usernames that have no account, in memory and bounded: past
 * UNKNOWN_NAMES_KEPT the name least recently tried is forgotten (a guesser cycling through that
 * many names pays a key derivation for each). Forgotten too at a restart, unlike an account's.
 */
class UnknownNames {
  private readonly names = new Map<string, Failures>();

  constructor(private readonly now: () => string) {}

  /** As Vault.countAttempt: `refuse` throws while the name waits; else answers the count, this one included. */
  count(username: string, refuse: (failures: Failures) => void): number {
    const before = this.names.get(username) ?? { count: 0, lastAt: null };
    refuse(before);
    const failures = { count: before.count + 1, lastAt: this.now() };
    this.names.delete(username);
    this.names.set(username, failures);
    if (this.names.size > UNKNOWN_NAMES_KEPT) this.names.delete(this.names.keys().next().value!);
    return failures.count;
  }
}

const wrongCredentials = () =>
  new AppFailure(
    'WRONG_CREDENTIALS',
    'Nama pengguna atau kata sandi salah. Periksa tombol Caps Lock lalu coba lagi.',
  );

/**
 * The data folder's key slots: who can open the database, and the failed-login counters that
 * slow down guessing. The database key exists in memory only after a successful unlock.
 */
export class Vault {
  /** Failed logins of names that have no slot: counted like an account's, see refuseUnknown. */
  private readonly unknownNames = new UnknownNames(() => this.clock().toISOString());

  constructor(
    readonly dir: DataDir,
    private readonly cost: KdfCost,
    private readonly clock: () => Date,
  ) {}

  get initialized(): boolean {
    return this.dir.initialized;
  }

  /** First run: a new random key, the admin's slot and the recovery slot. */
  async create(admin: {
    userId: string;
    username: string;
    password: string;
  }): Promise<{ key: Buffer; recoveryCode: string }> {
    if (this.dir.initialized)
      throw new AppFailure('ALREADY_SETUP', 'Folder data ini sudah disiapkan. Silakan masuk.');
    this.dir.ensure();
    const key = newDatabaseKey();
    const recoveryCode = newRecoveryCode();
    const now = this.clock().toISOString();
    const adminSlot = await createSlot(
      { kind: 'user', username: admin.username, userId: admin.userId },
      admin.password,
      key,
      this.cost,
      now,
    );
    const recovery = await createSlot(
      { kind: 'recovery' },
      normalizeRecoveryCode(recoveryCode),
      key,
      this.cost,
      now,
    );
    this.dir.writeSlots(putSlot(putSlot(this.dir.readSlots(), adminSlot), recovery));
    return { key, recoveryCode };
  }

  /** Password -> database key, with a growing wait after failures and a lock after MAX_FAILURES. */
  async unlock(username: string, password: string): Promise<UnlockedSlot> {
    const file = this.dir.readSlots();
    const slot = userSlot(file, username);
    if (!slot) return this.refuseUnknown(file, username, password);
    const failures = this.countAttempt(slot.id);
    const unlocked = await unlockSlot(slot, password);
    if (!unlocked) throw wrongPassword(failures);
    this.clearFailures(slot.id);
    return unlocked;
  }

  /**
   * A name without a slot answers exactly as an account would: the same failure count, wait and
   * lock (kept in memory, `unknownNames`), and the same key derivation, on another slot with
   * the same parameters (derived and thrown away, never opening that slot, so the answer cannot
   * tell whether the password was its owner's). Otherwise an account's THROTTLED after
   * three wrong passwords, answered at once, against an unknown name's slow generic answer
   * every time, told which usernames exist.
   */
  private async refuseUnknown(file: KeySlotFile, username: string, password: string): Promise<never> {
    const failures = this.unknownNames.count(username, (f) => this.refuseIfThrottled(f, true));
    const twin = file.slots.find((s) => s.owner.kind === 'user') ?? recoverySlot(file);
    if (twin) await spendUnlockWork(twin, password).catch(() => undefined);
    else
      await createSlot({ kind: 'recovery' }, password, newDatabaseKey(), this.cost, '').catch(
        () => undefined,
      );
    throw wrongPassword(failures);
  }

  async unlockWithRecoveryCode(code: string): Promise<UnlockedSlot> {
    const slot = recoverySlot(this.dir.readSlots());
    if (!slot) throw new AppFailure('NOT_SETUP', 'Folder data ini tidak memiliki kode pemulihan.');
    this.countAttempt(slot.id);
    const unlocked = await unlockSlot(slot, normalizeRecoveryCode(code));
    if (!unlocked)
      throw new AppFailure(
        'WRONG_CREDENTIALS',
        'Kode pemulihan salah. Periksa kembali kertas kode pemulihan Anda.',
      );
    this.clearFailures(slot.id);
    return unlocked;
  }

  /**
   * Refuses the attempt while the slot waits, else counts it as a failure, before the slow KDF
   * and in one step under the slots file's lock: guesses sent together then each see the ones
   * before them. Counted after the KDF, 50 guesses sent at once all passed the wait and counted
   * as one failure. A success clears the count. Answers the failures, this attempt included.
   */
  private countAttempt(slotId: string): number {
    let failures = 0;
    this.dir.updateSlots((f) =>
      updateSlot(f, slotId, (s) => {
        this.refuseIfThrottled(s.failures, s.owner.kind === 'user');
        failures = s.failures.count + 1;
        return { ...s, failures: { count: failures, lastAt: this.clock().toISOString() } };
      }),
    );
    return failures;
  }

  private clearFailures(slotId: string): void {
    this.dir.updateSlots((f) =>
      updateSlot(f, slotId, (s) => ({ ...s, failures: { count: 0, lastAt: null } })),
    );
  }

  private refuseIfThrottled(failures: Failures, isUser: boolean): void {
    const { count, lastAt } = failures;
    if (count >= MAX_FAILURES && isUser) throw accountLocked();
    const wait = delayAfter(count);
    if (wait === 0 || !lastAt) return;
    const remaining = Math.ceil((Date.parse(lastAt) + wait * 1000 - this.clock().getTime()) / 1000);
    if (remaining > 0) {
      throw new AppFailure(
        'THROTTLED',
        `Terlalu banyak percobaan yang salah. Tunggu ${remaining} detik lalu coba lagi.`,
        {
          retryAfterSeconds: remaining,
        },
      );
    }
  }

  /**
   * Opens the database with an unlocked key. If a key rotation was interrupted after the file
   * was rekeyed but before the slots were updated, the staged key opens it and the rotation is
   * finished here.
   */
  async openDatabase(unlocked: UnlockedSlot, clock: () => Date): Promise<{ db: Database; key: Buffer }> {
    try {
      return { db: await Database.open(this.dir.dbPath, unlocked.dbKey, { clock }), key: unlocked.dbKey };
    } catch (error) {
      if (!(error instanceof AppFailure && error.code === 'DB_DAMAGED') || !unlocked.nextDbKey) throw error;
      const db = await Database.open(this.dir.dbPath, unlocked.nextDbKey, { clock });
      this.dir.updateSlots(commitNextKey);
      return { db, key: unlocked.nextDbKey };
    }
  }

  /** Sets (or replaces) a user's password: a fresh key pair sealed with it, holding the current key. */
  async setPassword(
    user: { userId: string; username: string },
    password: string,
    key: Buffer,
  ): Promise<void> {
    const slot = await createSlot(
      { kind: 'user', ...user },
      password,
      key,
      this.cost,
      this.clock().toISOString(),
    );
    this.dir.updateSlots((f) => putSlot(f, slot));
  }

  /** Old password checked by unlocking its slot (also counts as a failed attempt if wrong). */
  async verifyPassword(username: string, password: string): Promise<void> {
    await this.unlock(username, password);
  }

  removeUser(userId: string): void {
    this.dir.updateSlots((f) => removeUserSlot(f, userId));
  }

  hasSlot(userId: string): boolean {
    return this.dir.readSlots().slots.some((s) => s.owner.kind === 'user' && s.owner.userId === userId);
  }

  lockedUserIds(): Set<string> {
    return new Set(
      this.dir
        .readSlots()
        .slots.filter((s) => s.owner.kind === 'user' && s.failures.count >= MAX_FAILURES)
        .map((s) => (s.owner.kind === 'user' ? s.owner.userId : '')),
    );
  }

  async newRecoveryCode(key: Buffer): Promise<string> {
    const code = newRecoveryCode();
    const slot = await createSlot(
      { kind: 'recovery' },
      normalizeRecoveryCode(code),
      key,
      this.cost,
      this.clock().toISOString(),
    );
    this.dir.updateSlots((f) => putSlot(f, slot));
    return code;
  }

  /**
   * New database key in three crash-safe steps: seal it to every slot beside the old one,
   * rekey the file, then make it the slots' key. A crash between steps 2 and 3 is finished
   * by `openDatabase` at the next login.
   */
  rotate(db: Database): Buffer {
    const next = newDatabaseKey();
    this.dir.updateSlots((f) => stageNextKey(f, next));
    try {
      rekey(db.sql.raw, next);
    } catch (error) {
      this.dir.updateSlots(dropNextKey);
      throw error;
    }
    this.dir.updateSlots(commitNextKey);
    return next;
  }
}

function accountLocked(): AppFailure {
  return new AppFailure(
    'ACCOUNT_LOCKED',
    `Akun ini dikunci setelah ${MAX_FAILURES} kali kata sandi salah berturut-turut. Minta administrator mengatur ulang kata sandi Anda.`,
  );
}
