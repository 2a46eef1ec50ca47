import { localDate } from '../../common/format.ts';
import type { HouseholdInput, PersonInput, ProblemView } from '../../common/api/methods/registry.ts';
import { AppFailure, notFound } from '../../common/errors.ts';
import { LIVE_ENROLMENT } from '../../common/domain/registry.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { HouseholdsTable, Person } from '../../db/schema.ts';
import type { Changes } from '../db/changes.ts';
import { newId } from '../ids.ts';
import type { RegionNames } from '../regions/names.ts';
import { moveOpenWork } from './openWork.ts';
import { assertInScope, type Scope } from './scope.ts';
import {
  checkHousehold,
  checkKkNumber,
  checkPerson,
  Problems,
  type CheckContext,
  type PersonFields,
} from './validate.ts';

/** Everything a registry use case needs besides the transaction. */
export interface RegistryContext extends CheckContext {
  scope: Scope;
  regions: RegionNames;
}

/** The calendar date in Kota Batu (WIB). */
export const today = (ctx: { today: Date }) => localDate(ctx.today);

export function getHousehold(sql: Sql, id: string, scope: Scope): HouseholdsTable {
  const row = sql.first(
    qb.selectFrom('households').selectAll().where('id', '=', id).where('deleted_at', 'is', null),
  );
  if (!row) throw notFound('Keluarga');
  assertInScope(scope, row.desa_code);
  return row;
}

export function membersOf(sql: Sql, householdId: string): Person[] {
  return sql.all(
    qb
      .selectFrom('people')
      .selectAll()
      .where('household_id', '=', householdId)
      .where('deleted_at', 'is', null)
      .orderBy('row_no'),
  );
}

export function assertVersion(row: { version: number }, expected: number, what: string): void {
  if (row.version !== expected) {
    throw new AppFailure(
      'CONFLICT',
      `${what} baru saja diubah oleh pengguna lain. Isian Anda belum disimpan: muat ulang untuk melihat perubahan terbaru, lalu ulangi.`,
    );
  }
}

/** Exactly one head of family among the members. */
function checkHead(members: { relationship: string }[], problems: Problems, path: string): number {
  const heads = members.map((m, i) => (m.relationship === 'kepala_keluarga' ? i : -1)).filter((i) => i >= 0);
  if (heads.length === 0)
    problems.error(`${path}.0.relationship`, 'NO_HEAD', 'Tandai satu anggota sebagai Kepala Keluarga.');
  if (heads.length > 1)
    problems.error(`${path}.${heads[1]}.relationship`, 'TWO_HEADS', 'Hanya boleh ada satu Kepala Keluarga.');
  return heads[0] ?? 0;
}

function checkMembers(
  inputs: PersonInput[],
  path: string,
  ctx: RegistryContext,
  problems: Problems,
): PersonFields[] {
  const seen = new Map<string, number>();
  return inputs.map((input, i) => {
    const fields = checkPerson(input, `${path}.${i}`, ctx, problems, null);
    if (fields.nik) {
      const earlier = seen.get(fields.nik);
      if (earlier !== undefined)
        problems.error(
          `${path}.${i}.nik`,
          'NIK_TWICE',
          `NIK ini sama dengan anggota ke-${earlier + 1}. Periksa kembali.`,
        );
      seen.set(fields.nik, i);
    }
    return fields;
  });
}

function insertPerson(changes: Changes, householdId: string, fields: PersonFields, action: string): string {
  const id = newId();
  changes.insert('people', { id, household_id: householdId, ...fields, status: 'aktif' } as never, action);
  return id;
}

export function createHousehold(
  changes: Changes,
  ctx: RegistryContext,
  input: { household: HouseholdInput; members: PersonInput[] },
  extra: { synthetic?: boolean } = {},
): { id: string; warnings: ProblemView[] } {
  const problems = new Problems();
  const fields = checkHousehold(input.household, 'household', ctx, problems, null);
  const members = checkMembers(input.members, 'members', ctx, problems);
  const headIndex = checkHead(members, problems, 'members');
  problems.throwIfErrors();
  assertInScope(ctx.scope, fields.desa_code);

  const id = newId();
  changes.about(id, () => {
    changes.insert(
      'households',
      { id, ...fields, status: 'aktif', synthetic: extra.synthetic ? 1 : 0 } as never,
      'households.create',
    );
    const ids = members.map((m) => insertPerson(changes, id, m, 'households.create'));
    changes.update('households', id, { head_person_id: ids[headIndex] ?? null }, 'households.create');
    if (fields.kk_number) {
      changes.insert(
        'household_kk_history',
        {
          id: newId(),
          household_id: id,
          kk_number: fields.kk_number,
          valid_from: today(ctx),
          valid_to: null,
          reason: 'Pendaftaran',
        } as never,
        'households.create',
      );
    }
    if (fields.desil != null && fields.desil_as_of) {
      changes.insert(
        'household_desil_history',
        {
          id: newId(),
          household_id: id,
          desil: fields.desil,
          as_of: fields.desil_as_of,
          source: 'Pendaftaran',
        } as never,
        'households.create',
      );
    }
  });
  return { id, warnings: problems.warnings };
}

function recordKkChange(
  changes: Changes,
  ctx: RegistryContext,
  household: HouseholdsTable,
  kk: string | null,
  reason: string,
): void {
  const open = changes.db.first(
    qb
      .selectFrom('household_kk_history')
      .select('id')
      .where('household_id', '=', household.id)
      .where('valid_to', 'is', null),
  );
  if (open) changes.update('household_kk_history', open.id, { valid_to: today(ctx) }, 'households.change_kk');
  if (kk) {
    changes.insert(
      'household_kk_history',
      {
        id: newId(),
        household_id: household.id,
        kk_number: kk,
        valid_from: today(ctx),
        valid_to: null,
        reason,
      } as never,
      'households.change_kk',
    );
  }
}

export function updateHousehold(
  changes: Changes,
  ctx: RegistryContext,
  id: string,
  expectedVersion: number,
  input: HouseholdInput,
): { warnings: ProblemView[] } {
  const before = getHousehold(changes.db, id, ctx.scope);
  assertVersion(before, expectedVersion, 'Data keluarga ini');
  const problems = new Problems();
  const fields = checkHousehold(input, 'household', ctx, problems, id);
  problems.throwIfErrors();
  assertInScope(ctx.scope, fields.desa_code);
  changes.about(id, () => {
    if (fields.kk_number !== before.kk_number)
      recordKkChange(changes, ctx, before, fields.kk_number, 'Perbaikan data');
    if (
      fields.desil != null &&
      fields.desil_as_of &&
      (fields.desil !== before.desil || fields.desil_as_of !== before.desil_as_of)
    ) {
      changes.insert(
        'household_desil_history',
        {
          id: newId(),
          household_id: id,
          desil: fields.desil,
          as_of: fields.desil_as_of,
          source: 'Perbaikan data',
        } as never,
        'households.update',
      );
    }
    changes.update('households', id, fields, 'households.update');
    if (fields.desa_code !== before.desa_code) moveOpenWork(changes, id, before.desa_code, fields.desa_code);
  });
  return { warnings: problems.warnings };
}

/** A new KK (split family, move, re-issue): the old number stays in the history. */
export function changeKk(
  changes: Changes,
  ctx: RegistryContext,
  id: string,
  kkNumber: string,
  reason: string,
): { warnings: ProblemView[] } {
  const before = getHousehold(changes.db, id, ctx.scope);
  const problems = new Problems();
  const kk = checkKkNumber(kkNumber, 'kkNumber', ctx, problems, id);
  problems.throwIfErrors();
  if (kk === before.kk_number) return { warnings: problems.warnings };
  changes.about(id, () => {
    recordKkChange(changes, ctx, before, kk, reason);
    changes.update('households', id, { kk_number: kk }, 'households.change_kk');
  });
  return { warnings: problems.warnings };
}

export function setDesil(
  changes: Changes,
  ctx: RegistryContext,
  id: string,
  desil: number,
  asOf: string,
  source: string,
): void {
  getHousehold(changes.db, id, ctx.scope);
  changes.about(id, () => {
    changes.insert(
      'household_desil_history',
      { id: newId(), household_id: id, desil, as_of: asOf, source } as never,
      'households.set_desil',
    );
    const latest = changes.db.first(
      qb
        .selectFrom('household_desil_history')
        .select(['desil', 'as_of'])
        .where('household_id', '=', id)
        .orderBy('as_of', 'desc')
        .orderBy('created_at', 'desc')
        .limit(1),
    );
    if (latest)
      changes.update(
        'households',
        id,
        { desil: latest.desil, desil_as_of: latest.as_of },
        'households.set_desil',
      );
  });
}

/** Ends a person's (or a household's) live programme enrolments, e.g. after death or removal. */
export function endEnrolments(
  changes: Changes,
  where: { householdId?: string; personId?: string },
  reason: string,
  date: string,
): void {
  let query = qb
    .selectFrom('enrolments')
    .select('id')
    .where('status', 'in', [...LIVE_ENROLMENT])
    .where('deleted_at', 'is', null);
  if (where.householdId) query = query.where('household_id', '=', where.householdId);
  if (where.personId) query = query.where('person_id', '=', where.personId);
  for (const e of changes.db.all(query)) {
    changes.update(
      'enrolments',
      e.id,
      { status: 'dikeluarkan', status_reason: reason, end_date: date },
      'enrolments.end',
    );
  }
}

/** Soft delete: kept (and purged after the retention period), never erased here. */
export function removeHousehold(changes: Changes, ctx: RegistryContext, id: string, reason: string): void {
  getHousehold(changes.db, id, ctx.scope);
  changes.about(id, () => {
    endEnrolments(changes, { householdId: id }, reason, today(ctx));
    for (const m of membersOf(changes.db, id)) {
      changes.update(
        'people',
        m.id,
        { deleted_at: changes.now, deleted_reason: reason },
        'households.remove',
      );
    }
    changes.update(
      'households',
      id,
      { deleted_at: changes.now, deleted_reason: reason, status: 'nonaktif', status_reason: reason },
      'households.remove',
    );
  });
}

/** Some members leave to form a new family with a new KK; the rest stay. */
export function splitHousehold(
  changes: Changes,
  ctx: RegistryContext,
  input: { fromId: string; memberIds: string[]; household: HouseholdInput; headId: string; reason: string },
): { id: string; warnings: ProblemView[] } {
  const from = getHousehold(changes.db, input.fromId, ctx.scope);
  const members = membersOf(changes.db, from.id);
  const moving = members.filter((m) => input.memberIds.includes(m.id));
  if (moving.length !== input.memberIds.length)
    throw new AppFailure('VALIDATION', 'Sebagian anggota yang dipilih bukan anggota keluarga ini.');
  if (moving.length === members.length)
    throw new AppFailure(
      'VALIDATION',
      'Pilih sebagian anggota saja; bila semua pindah, ubah data keluarganya.',
    );
  if (!input.memberIds.includes(input.headId))
    throw new AppFailure('VALIDATION', 'Kepala keluarga baru harus salah satu anggota yang dipindah.', {
      fields: [{ path: 'headId', message: 'Pilih dari anggota yang dipindah.' }],
    });
  const problems = new Problems();
  const fields = checkHousehold(input.household, 'household', ctx, problems, null);
  problems.throwIfErrors();
  assertInScope(ctx.scope, fields.desa_code);

  const id = newId();
  changes.about(id, () => {
    changes.insert(
      'households',
      { id, ...fields, status: 'aktif', head_person_id: input.headId, synthetic: from.synthetic } as never,
      'households.split',
    );
    if (fields.kk_number) {
      changes.insert(
        'household_kk_history',
        {
          id: newId(),
          household_id: id,
          kk_number: fields.kk_number,
          valid_from: today(ctx),
          valid_to: null,
          reason: `Pisah KK: ${input.reason}`,
        } as never,
        'households.split',
      );
    }
    for (const m of moving) {
      changes.update(
        'people',
        m.id,
        { household_id: id, relationship: m.id === input.headId ? 'kepala_keluarga' : m.relationship },
        'households.split',
      );
    }
  });
  changes.about(from.id, () => {
    changes.note('households.split', 'households', from.id, {
      newHouseholdId: id,
      members: input.memberIds,
      reason: input.reason,
    });
    if (from.head_person_id && input.memberIds.includes(from.head_person_id)) {
      changes.update('households', from.id, { head_person_id: null }, 'households.split');
      problems.add('fromHead', {
        severity: 'warning',
        code: 'HEAD_LEFT',
        message: 'Kepala keluarga lama ikut pindah: tentukan kepala keluarga baru untuk keluarga asal.',
      });
    }
  });
  return { id, warnings: problems.warnings };
}
