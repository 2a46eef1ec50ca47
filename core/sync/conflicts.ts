import type { ConflictView } from '../../common/sync/protocol.ts';
import { isSyncedTable, normalValue, SYNCED_TABLES } from '../../common/sync/tables.ts';
import { AppFailure } from '../../common/errors.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { Changes } from '../db/changes.ts';
import { inScope, type Scope } from '../registry/scope.ts';
import { appendOutbox } from './outbox.ts';

/** The conflicts the caller may read: those of rows in their area (see `inCallersArea`). */
export function listConflicts(sql: Sql, includeResolved: boolean, scope: Scope): ConflictView[] {
  let q = qb.selectFrom('sync_conflicts').select('view_json').orderBy('status', 'desc').orderBy('at', 'desc');
  if (!includeResolved) q = q.where('status', '=', 'open');
  return sql
    .all(q)
    .map((r) => JSON.parse(r.view_json) as ConflictView)
    .filter((c) => inCallersArea(sql, scope, c));
}

/**
 * Whether a conflict's row is in the caller's area: the desa it names, or its family's or
 * case's, as it is stored here. A workstation may hold the whole city while its user works in
 * one kecamatan. A row this workstation does not hold, or one about no desa (a programme, a
 * setting), is for whole-city accounts: its place cannot be told, so it is not shown.
 */
function inCallersArea(sql: Sql, scope: Scope, conflict: ConflictView): boolean {
  if (!scope.desaCodes) return true;
  const desa = isSyncedTable(conflict.entity) ? desaOfRow(sql, conflict.entity, conflict.entityId) : null;
  return desa !== null && inScope(scope, desa);
}

function desaOfRow(sql: Sql, table: string, id: string): string | null {
  const row = sql.raw.prepare(`SELECT * FROM "${table}" WHERE id = ?`).get(id) as
    { desa_code?: string | null; household_id?: string | null; case_id?: string | null } | undefined;
  if (!row) return null;
  if (row.desa_code) return row.desa_code;
  if (row.household_id) return desaOfRow(sql, 'households', row.household_id);
  if (row.case_id) return desaOfRow(sql, 'cases', row.case_id);
  return null;
}

/**
 * A person's decision: keep the server's value, take the other office's value, or type a new
 * one. The decision is a change like any other: the row is updated here with a new version, the
 * audit chain records who decided what, and the outbox carries a `resolve` mutation (the field's
 * old -> new plus the conflict id) that the server merges three-way and marks the conflict with.
 */
export function resolveConflict(
  changes: Changes,
  input: {
    conflictId: string;
    choice: 'server' | 'client' | 'custom';
    value?: string | number | null | undefined;
  },
  scope: Scope,
): void {
  const sql = changes.db;
  const row = sql.first(qb.selectFrom('sync_conflicts').selectAll().where('id', '=', input.conflictId));
  if (!row)
    throw new AppFailure(
      'NOT_FOUND',
      'Konflik tidak ditemukan. Jalankan sinkronisasi untuk memperbarui daftar.',
    );
  const conflict = JSON.parse(row.view_json) as ConflictView;
  if (!inCallersArea(sql, scope, conflict))
    throw new AppFailure(
      'FORBIDDEN',
      'Konflik ini menyangkut data di luar wilayah kerja Anda. Minta petugas yang wilayahnya mencakup data ini (atau administrator) untuk menyelesaikannya.',
    );
  if (row.status !== 'open') throw new AppFailure('CONFLICT', 'Konflik ini sudah diputuskan.');
  const fieldChanges: Record<string, { old: unknown; new: unknown }> = {};
  let baseVersion = 0;
  if (input.choice !== 'server') {
    if (
      !conflict.field ||
      !isSyncedTable(conflict.entity) ||
      conflict.kind === 'refused' ||
      conflict.kind === 'missing'
    )
      throw new AppFailure(
        'VALIDATION',
        'Konflik ini hanya bisa diselesaikan dengan mempertahankan data server.',
      );
    const table = conflict.entity;
    const fields =
      conflict.kind === 'natural_key'
        ? [...(SYNCED_TABLES[table] as { naturalKey?: { fields: string[] } }).naturalKey!.fields]
        : [conflict.field];
    const current = sql.raw.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(conflict.entityId) as
      Record<string, unknown> | undefined;
    if (!current)
      throw new AppFailure('CONFLICT', 'Data ini sudah dihapus; hanya data server yang bisa dipertahankan.');
    baseVersion = Number(current.version);
    const chosen =
      input.choice === 'client'
        ? conflict.clientValue
        : input.value === undefined
          ? (() => {
              throw new AppFailure('VALIDATION', 'Isi nilai baru terlebih dahulu.');
            })()
          : input.value;
    const values: Record<string, unknown> =
      fields.length === 1 ? { [fields[0]!]: chosen } : ((chosen as Record<string, unknown> | null) ?? {});
    for (const field of fields) {
      const next = normalValue(values[field] ?? null);
      if (normalValue(current[field]) !== next)
        fieldChanges[field] = { old: normalValue(current[field]), new: next };
    }
    if (Object.keys(fieldChanges).length) {
      const sets = Object.keys(fieldChanges).map((f) => `"${f}" = ?`);
      try {
        sql.raw
          .prepare(
            `UPDATE ${table} SET ${sets.join(', ')}, version = version + 1, updated_at = ? WHERE id = ?`,
          )
          .run(...Object.values(fieldChanges).map((c) => c.new), changes.now, conflict.entityId);
      } catch (error) {
        if (!String((error as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) throw error;
        throw new AppFailure(
          'CONFLICT',
          'Nilai ini masih dipakai data lain (misalnya nomor KK atau NIK yang sama). Periksa dan ubah data lain itu terlebih dahulu, atau pertahankan nilai server.',
        );
      }
    }
  }
  changes.note('sync.conflict.resolve', conflict.entity, conflict.entityId, {
    conflictId: conflict.id,
    field: conflict.field,
    choice: input.choice,
    changes: fieldChanges,
  });
  appendOutbox(sql, {
    entity: conflict.entity,
    entityId: conflict.entityId,
    op: 'resolve',
    baseVersion,
    changes: {
      ...fieldChanges,
      __conflict: { old: null, new: conflict.id },
      __choice: { old: null, new: input.choice },
    },
    userId: changes.actorId,
    username: changes.actorName,
    at: changes.now,
  });
  const resolved: ConflictView = {
    ...conflict,
    status: 'resolved',
    resolvedBy: changes.actorName,
    resolvedAt: changes.now,
    resolution: input.choice,
  };
  sql.run(
    qb
      .updateTable('sync_conflicts')
      .set({ status: 'resolved', view_json: JSON.stringify(resolved) })
      .where('id', '=', conflict.id),
  );
}
