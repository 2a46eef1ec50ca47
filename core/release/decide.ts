import type { HouseholdInput, PersonInput } from '../../common/api/methods/registry.ts';
import { checkNik } from '../../common/domain/idNumbers.ts';
import { nameKey, phoneticKey } from '../../common/domain/names.ts';
import { AppFailure, notFound } from '../../common/errors.ts';
import { qb } from '../../db/sql.ts';
import type { DtksReleaseChangesTable, DtksReleaseRowsTable, DtksReleasesTable } from '../../db/schema.ts';
import type { Changes } from '../db/changes.ts';
import {
  changeKk,
  createHousehold,
  getHousehold,
  setDesil,
  type RegistryContext,
} from '../registry/households.ts';
import { addPerson, getPerson, setPersonStatus } from '../registry/people.ts';
import { assertInScope } from '../registry/scope.ts';
import { startVerification } from '../verification/verification.ts';

type Item = DtksReleaseChangesTable;

/** How the registry names the release as the source of a change ("DTSEN Kemensos 2026-11-01"). */
export const sourceOf = (release: DtksReleasesTable) => `Rilis ${release.source} ${release.release_date}`;

export function getRelease(changes: Changes, id: string): DtksReleasesTable {
  const release = changes.db.first(qb.selectFrom('dtks_releases').selectAll().where('id', '=', id));
  if (!release) throw notFound('Rilis DTKS');
  return release;
}

function getItem(changes: Changes, ctx: RegistryContext, id: string): Item {
  const item = changes.db.first(qb.selectFrom('dtks_release_changes').selectAll().where('id', '=', id));
  if (!item) throw notFound('Perubahan rilis');
  if (ctx.scope.desaCodes && !ctx.scope.desaCodes.has(item.desa_code ?? ''))
    throw new AppFailure('FORBIDDEN', 'Perubahan ini di luar wilayah kerja Anda.');
  if (item.decision)
    throw new AppFailure(
      'CONFLICT',
      `Perubahan ini sudah ${item.decision === 'diterima' ? 'diterima' : 'ditolak'}. Muat ulang daftarnya.`,
    );
  return item;
}

function releaseRow(changes: Changes, item: Item): DtksReleaseRowsTable {
  const row = item.release_row_id
    ? changes.db.first(qb.selectFrom('dtks_release_rows').selectAll().where('id', '=', item.release_row_id))
    : undefined;
  if (!row) throw new AppFailure('CONFLICT', 'Baris rilis untuk perubahan ini tidak ditemukan.');
  return row;
}

/**
 * Writes one accepted change the way the registry writes it by hand (so it is validated,
 * audited and synced the same), with the release as the source in the desil and KK history.
 */
function apply(changes: Changes, ctx: RegistryContext, release: DtksReleasesTable, item: Item): void {
  const source = sourceOf(release);
  switch (item.category) {
    case 'desil_up':
    case 'desil_down':
      return setDesil(
        changes,
        ctx,
        item.household_id!,
        Number(item.after_value),
        release.release_date,
        source,
      );
    case 'kk':
      changeKk(changes, ctx, item.household_id!, item.after_value!, source);
      return;
    case 'address':
      getHousehold(changes.db, item.household_id!, ctx.scope);
      changes.about(item.household_id!, () =>
        changes.update('households', item.household_id!, { address: item.after_value! }, 'release.accept'),
      );
      return;
    case 'name': {
      const person = getPerson(changes.db, item.person_id!, ctx.scope);
      const name = item.after_value!;
      changes.about(person.household_id, () =>
        changes.update(
          'people',
          person.id,
          { name, name_key: nameKey(name), phonetic_key: phoneticKey(name) },
          'release.accept',
        ),
      );
      return;
    }
    case 'died':
      return setPersonStatus(changes, ctx, item.person_id!, 'meninggal', release.release_date, source);
    case 'gone':
      getHousehold(changes.db, item.household_id!, ctx.scope);
      changes.about(item.household_id!, () =>
        changes.update('households', item.household_id!, { dtks_status: 'NON_DTKS' }, 'release.accept'),
      );
      return;
    case 'new':
      return register(changes, ctx, release, item);
  }
}

/**
 * A person new to the registry: a member of the family with their KK when it is registered
 * (also one an earlier acceptance from this release registered), otherwise the head of a new
 * family in the release's desa, with the release's desil.
 */
function register(changes: Changes, ctx: RegistryContext, release: DtksReleasesTable, item: Item): void {
  const row = releaseRow(changes, item);
  const facts = row.nik ? checkNik(row.nik, { today: ctx.today }).facts : null;
  const sex = row.sex ?? facts?.sex ?? null;
  if (!sex)
    throw new AppFailure(
      'VALIDATION',
      `Jenis kelamin ${row.name} tidak ada di rilis dan tidak terbaca dari NIK. Daftarkan lewat halaman keluarga.`,
    );
  const person = (relationship: string): PersonInput => ({
    nik: row.nik,
    name: row.name,
    sex,
    birthPlace: null,
    birthDate: row.birth_date ?? facts?.birthDate ?? null,
    relationship,
    motherName: null,
    maritalStatus: null,
    education: null,
    occupation: null,
    disability: null,
    chronicIllness: null,
  });
  const family = row.kk_number
    ? changes.db.first(
        qb
          .selectFrom('households')
          .select(['id', 'head_person_id'])
          .where('kk_number', '=', row.kk_number)
          .where('deleted_at', 'is', null),
      )
    : undefined;
  if (family) {
    addPerson(changes, ctx, family.id, person(family.head_person_id ? 'lainnya' : 'kepala_keluarga'));
    if (!item.household_id)
      changes.update('dtks_release_changes', item.id, { household_id: family.id }, 'release.accept');
    return;
  }
  if (!row.desa_code)
    throw new AppFailure(
      'VALIDATION',
      `Desa ${row.name} tidak terbaca dari rilis. Daftarkan keluarganya lewat halaman keluarga.`,
    );
  assertInScope(ctx.scope, row.desa_code);
  const household: HouseholdInput = {
    kkNumber: row.kk_number,
    desaCode: row.desa_code,
    address: row.address,
    dtksStatus: 'DTKS',
    assets: [],
    notes: '',
  };
  const { id } = createHousehold(changes, ctx, { household, members: [person('kepala_keluarga')] });
  if (row.desil !== null) setDesil(changes, ctx, id, row.desil, release.release_date, sourceOf(release));
  changes.update('dtks_release_changes', item.id, { household_id: id }, 'release.accept');
}

function decided(changes: Changes, item: Item, patch: Partial<Item>, action: string): void {
  const write = () =>
    changes.update(
      'dtks_release_changes',
      item.id,
      { ...patch, decided_by: changes.actorId, decided_at: changes.now },
      action,
    );
  const householdId =
    changes.db.first(qb.selectFrom('dtks_release_changes').select('household_id').where('id', '=', item.id))
      ?.household_id ?? null;
  if (householdId) changes.about(householdId, write);
  else write();
}

/** Accepts one change; a refusal by the registry's own checks throws before anything is written. */
export function acceptItem(changes: Changes, ctx: RegistryContext, itemId: string): void {
  const item = getItem(changes, ctx, itemId);
  apply(changes, ctx, getRelease(changes, item.release_id), item);
  decided(changes, item, { decision: 'diterima' }, 'release.accept');
}

/**
 * Accepts many. Each is checked by the same rules as one by one; those the registry refuses
 * (a KK another family holds, a NIK already registered) stay open with the reason, and the
 * rest are written.
 */
export function acceptItems(
  changes: Changes,
  ctx: RegistryContext,
  itemIds: string[],
): { accepted: number; failed: { id: string; subjectName: string; message: string }[] } {
  let accepted = 0;
  const failed: { id: string; subjectName: string; message: string }[] = [];
  for (const id of itemIds) {
    try {
      acceptItem(changes, ctx, id);
      accepted++;
    } catch (error) {
      if (!(error instanceof AppFailure)) throw error;
      const item = changes.db.first(
        qb.selectFrom('dtks_release_changes').select('subject_name').where('id', '=', id),
      );
      failed.push({ id, subjectName: item?.subject_name ?? '-', message: error.message });
    }
  }
  return { accepted, failed };
}

/**
 * Refuses one change: kept with the reason, and the family goes to verification (its open
 * round, or a new one), its findings carrying the question, so someone checks who is right.
 */
export function refuseItem(changes: Changes, ctx: RegistryContext, itemId: string, reason: string): void {
  const item = getItem(changes, ctx, itemId);
  const release = getRelease(changes, item.release_id);
  let verificationId: string | null = null;
  if (item.household_id) {
    const started = startVerification(changes, ctx.scope, item.household_id, 'kualitas_data');
    verificationId = started.id;
    // On a round already open the question is added under what the officer has written.
    const findings = changes.db.first(
      qb.selectFrom('verifications').select('findings').where('id', '=', started.id),
    )!.findings;
    const question = questionOf(release, item, reason);
    changes.about(item.household_id, () =>
      changes.update(
        'verifications',
        started.id,
        { findings: findings ? `${findings}\n\n${question}` : question },
        'release.refuse',
      ),
    );
  }
  decided(changes, item, { decision: 'ditolak', reason, verification_id: verificationId }, 'release.refuse');
}

const QUESTION: Record<Item['category'], string> = {
  new: 'orang baru di rilis',
  gone: 'keluarga tidak ada lagi di rilis',
  desil_up: 'desil naik',
  desil_down: 'desil turun',
  name: 'nama berubah',
  kk: 'No. KK berubah',
  address: 'alamat berubah',
  died: 'meninggal menurut rilis',
};

/** What the visiting officer reads first: which release said what, and why the clerk doubts it. */
function questionOf(release: DtksReleasesTable, item: Item, reason: string): string {
  const change =
    item.before_value || item.after_value
      ? ` (${item.before_value ?? '-'} → ${item.after_value ?? '-'})`
      : '';
  return `Perlu diperiksa: ${sourceOf(release)} menyebut ${QUESTION[item.category]} untuk ${item.subject_name}${change}. Ditolak operator karena: ${reason}`;
}
