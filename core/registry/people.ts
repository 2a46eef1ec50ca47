import type { PersonInput, ProblemView } from '../../common/api/methods/registry.ts';
import { AppFailure, notFound } from '../../common/errors.ts';
import { normalizeIdNumber } from '../../common/domain/idNumbers.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { Person } from '../../db/schema.ts';
import type { Changes } from '../db/changes.ts';
import { newId } from '../ids.ts';
import { assertVersion, endEnrolments, getHousehold, type RegistryContext } from './households.ts';
import type { Scope } from './scope.ts';
import { checkPerson, Problems } from './validate.ts';

export function getPerson(sql: Sql, id: string, scope: Scope): Person {
  const row = sql.first(
    qb.selectFrom('people').selectAll().where('id', '=', id).where('deleted_at', 'is', null),
  );
  if (!row) throw notFound('Data orang');
  getHousehold(sql, row.household_id, scope); // area check through the family
  return row;
}

export function addPerson(
  changes: Changes,
  ctx: RegistryContext,
  householdId: string,
  input: PersonInput,
): { id: string; warnings: ProblemView[] } {
  const household = getHousehold(changes.db, householdId, ctx.scope);
  const problems = new Problems();
  const fields = checkPerson(input, 'person', ctx, problems, null);
  if (input.relationship === 'kepala_keluarga' && household.head_person_id) {
    problems.error(
      'person.relationship',
      'TWO_HEADS',
      'Keluarga ini sudah punya Kepala Keluarga. Pilih hubungan lain, atau ubah kepala keluarga lebih dulu.',
    );
  }
  problems.throwIfErrors();
  const id = newId();
  changes.about(householdId, () => {
    changes.insert(
      'people',
      { id, household_id: householdId, ...fields, status: 'aktif' } as never,
      'people.add',
    );
    if (input.relationship === 'kepala_keluarga')
      changes.update('households', householdId, { head_person_id: id }, 'people.add');
  });
  return { id, warnings: problems.warnings };
}

export function updatePerson(
  changes: Changes,
  ctx: RegistryContext,
  id: string,
  expectedVersion: number,
  input: PersonInput,
): { warnings: ProblemView[] } {
  const before = getPerson(changes.db, id, ctx.scope);
  assertVersion(before, expectedVersion, 'Data orang ini');
  const problems = new Problems();
  const fields = checkPerson(input, 'person', ctx, problems, id);
  const household = getHousehold(changes.db, before.household_id, ctx.scope);
  if (
    input.relationship === 'kepala_keluarga' &&
    household.head_person_id &&
    household.head_person_id !== id
  ) {
    problems.error(
      'person.relationship',
      'TWO_HEADS',
      'Keluarga ini sudah punya Kepala Keluarga. Ubah dulu hubungan kepala keluarga yang lama.',
    );
  }
  problems.throwIfErrors();
  if (!ctx.scope.readSpecific) {
    // A role that cannot see specific data cannot have erased it by saving a form without it.
    fields.disability = before.disability;
    fields.chronic_illness = before.chronic_illness;
    fields.kks_number = undefined;
    fields.bank_account = undefined;
    fields.phone_number = undefined;
  }
  changes.about(before.household_id, () => {
    changes.update('people', id, fields, 'people.update');
    if (input.relationship === 'kepala_keluarga' && household.head_person_id !== id)
      changes.update('households', household.id, { head_person_id: id }, 'people.update');
    if (input.relationship !== 'kepala_keluarga' && household.head_person_id === id)
      changes.update('households', household.id, { head_person_id: null }, 'people.update');
  });
  return { warnings: problems.warnings };
}

/** Into another family (marriage, moving in with relatives); both families' histories show it. */
export function movePerson(
  changes: Changes,
  ctx: RegistryContext,
  id: string,
  toHouseholdId: string,
  relationship: string,
  reason: string,
): void {
  const person = getPerson(changes.db, id, ctx.scope);
  const from = getHousehold(changes.db, person.household_id, ctx.scope);
  const to = getHousehold(changes.db, toHouseholdId, ctx.scope);
  if (from.id === to.id)
    throw new AppFailure('VALIDATION', 'Orang ini sudah menjadi anggota keluarga tersebut.');
  if (relationship === 'kepala_keluarga' && to.head_person_id) {
    throw new AppFailure('VALIDATION', 'Keluarga tujuan sudah punya Kepala Keluarga. Pilih hubungan lain.', {
      fields: [{ path: 'relationship', message: 'Sudah ada Kepala Keluarga.' }],
    });
  }
  changes.about(from.id, () => {
    changes.note('people.move_out', 'people', id, { toHouseholdId: to.id, reason });
    if (from.head_person_id === id)
      changes.update('households', from.id, { head_person_id: null }, 'people.move');
  });
  changes.about(to.id, () => {
    changes.update('people', id, { household_id: to.id, relationship }, 'people.move');
    changes.note('people.move_in', 'people', id, { fromHouseholdId: from.id, reason });
    if (relationship === 'kepala_keluarga')
      changes.update('households', to.id, { head_person_id: id }, 'people.move');
  });
}

/** Deceased, moved away or left the family: kept on record; their personal enrolments end. */
export function setPersonStatus(
  changes: Changes,
  ctx: RegistryContext,
  id: string,
  status: 'aktif' | 'meninggal' | 'pindah' | 'keluar',
  date: string,
  reason: string,
): void {
  const person = getPerson(changes.db, id, ctx.scope);
  if (person.status === 'digabung')
    throw new AppFailure('CONFLICT', 'Data ini sudah digabung ke data lain; ubah data yang dipertahankan.');
  changes.about(person.household_id, () => {
    changes.update(
      'people',
      id,
      { status, status_reason: reason, status_date: date },
      `people.status_${status}`,
    );
    if (status !== 'aktif')
      endEnrolments(changes, { personId: id }, `${status.toUpperCase()}: ${reason}`, date);
  });
}

export function findByNik(sql: Sql, rawNik: string) {
  const nik = normalizeIdNumber(rawNik);
  if (!/^\d{16}$/.test(nik)) return undefined;
  return sql.first(
    qb
      .selectFrom('people')
      .innerJoin('households', 'households.id', 'people.household_id')
      .select([
        'people.id',
        'people.household_id',
        'people.nik',
        'people.name',
        'people.sex',
        'people.birth_date',
        'people.relationship',
        'people.status',
        'households.kk_number',
        'households.desa_code',
        'households.rt',
        'households.rw',
      ])
      .where('people.nik', '=', nik)
      .where('people.deleted_at', 'is', null),
  );
}
