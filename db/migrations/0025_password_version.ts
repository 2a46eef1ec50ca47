import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Probe C07: sessions live in one host's memory, so a password changed by another process (the
// CLI's `user passwd` on the same data folder) never reached the web host's sessions. Every
// password change (own, admin reset, recovery code) now counts up password_version on the
// account, and a session opened under an older version ends on its next call (liveSession).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('password_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
