import { openEncrypted } from '../../db/connection.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { qb, Sql } from '../../db/sql.ts';
import { newId } from '../ids.ts';
import { Changes, type Actor } from './changes.ts';

/** An open, migrated, encrypted database and the device it lives on. */
export class Database {
  private constructor(
    readonly sql: Sql,
    readonly deviceId: string,
    private readonly clock: () => Date,
  ) {}

  static async open(
    path: string,
    key: Buffer,
    options: { create?: boolean; clock?: () => Date } = {},
  ): Promise<Database> {
    const sql = new Sql(openEncrypted(path, key, { create: options.create ?? false }));
    try {
      await migrateToLatest(sql.raw);
      sql.optimize({ allTables: true });
      const clock = options.clock ?? (() => new Date());
      return new Database(sql, ensureDeviceId(sql), clock);
    } catch (error) {
      sql.close();
      throw error;
    }
  }

  now(): string {
    return this.clock().toISOString();
  }

  /** One use case, one transaction: the change and its audit entries commit together or not at all. */
  write<T>(actor: Actor, fn: (changes: Changes) => T): T {
    return this.sql.transaction(() => fn(new Changes(this.sql, actor, this.deviceId, this.now())));
  }

  meta(key: string): string | undefined {
    return this.sql.first(qb.selectFrom('meta').select('value').where('key', '=', key))?.value;
  }

  close(): void {
    if (this.sql.raw.open && !this.sql.raw.readonly) this.sql.optimize();
    this.sql.close();
  }
}

function ensureDeviceId(sql: Sql): string {
  const existing = sql.first(qb.selectFrom('meta').select('value').where('key', '=', 'device_id'));
  if (existing) return existing.value;
  const deviceId = newId();
  sql.run(qb.insertInto('meta').values({ key: 'device_id', value: deviceId }));
  return deviceId;
}
