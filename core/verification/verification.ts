import type { VerificationView, VisitInput } from '../../common/api/methods/casework.ts';
import { can } from '../../common/auth/roles.ts';
import { AppFailure, notFound } from '../../common/errors.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { VerificationsTable } from '../../db/schema.ts';
import type { Changes } from '../db/changes.ts';
import { newId } from '../ids.ts';
import type { RegionNames } from '../regions/names.ts';
import { getHousehold } from '../registry/households.ts';
import { assertInScope, desaCodesOfArea, type Scope } from '../registry/scope.ts';
import {
  appliedChanges,
  applyChanges,
  describeChanges,
  plannedChanges,
  revertChanges,
  type EnrolmentChange,
} from './outcomes.ts';

/**
 * Verivali as practised: a worklist per desa (new proposals, disputes, data-quality problems or
 * the whole list) -> field visit -> outcome (layak / tidak layak + reason) submitted by the
 * officer -> approved or sent back by a manager. The household keeps every round.
 */
export type Source = VerificationsTable['source'];

const OPEN: VerificationsTable['status'][] = ['belum_diverifikasi', 'sedang_ditinjau'];

/** Households of a desa that belong on a worklist from this source. */
function householdsFor(sql: Sql, desaCode: string, source: Source): string[] {
  const inDesa = qb
    .selectFrom('households as h')
    .select('h.id')
    .where('h.desa_code', '=', desaCode)
    .where('h.deleted_at', 'is', null);
  switch (source) {
    case 'semua':
      return sql.all(inDesa.where('h.status', '=', 'aktif')).map((r) => r.id);
    case 'usulan':
      return sql
        .all(
          inDesa.where((eb) =>
            eb.exists(
              eb
                .selectFrom('enrolments as e')
                .select('e.id')
                .whereRef('e.household_id', '=', 'h.id')
                .where('e.status', '=', 'usulan')
                .where('e.deleted_at', 'is', null),
            ),
          ),
        )
        .map((r) => r.id);
    case 'sanggah':
      return sql
        .all(
          inDesa.where((eb) =>
            eb.exists(
              eb
                .selectFrom('complaints as c')
                .select('c.id')
                .whereRef('c.household_id', '=', 'h.id')
                .where('c.kind', '=', 'sanggah')
                .where('c.status', '!=', 'selesai'),
            ),
          ),
        )
        .map((r) => r.id);
    case 'kualitas_data':
      // Missing KK, no head of family, a member without NIK or with a NIK warning, or no desil.
      return sql
        .all(
          inDesa.where((eb) =>
            eb.or([
              eb('h.kk_number', 'is', null),
              eb('h.head_person_id', 'is', null),
              eb('h.desil', 'is', null),
              eb.exists(
                eb
                  .selectFrom('people as p')
                  .select('p.id')
                  .whereRef('p.household_id', '=', 'h.id')
                  .where('p.deleted_at', 'is', null)
                  .where((inner) =>
                    inner.or([inner('p.nik', 'is', null), inner('p.id_warnings_json', '!=', '[]')]),
                  ),
              ),
            ]),
          ),
        )
        .map((r) => r.id);
  }
}

export function createWorklist(
  changes: Changes,
  scope: Scope,
  desaCode: string,
  source: Source,
): { created: number; skipped: number } {
  assertInScope(scope, desaCode);
  let created = 0;
  let skipped = 0;
  for (const householdId of householdsFor(changes.db, desaCode, source)) {
    if (openVerificationOf(changes.db, householdId)) skipped++;
    else {
      insertVerification(changes, householdId, desaCode, source);
      created++;
    }
  }
  return { created, skipped };
}

/**
 * A visit for one family, started from its page (a walk-in, a neighbour's report): the family's
 * open round when it has one (a family is never on two open rounds), otherwise a new one.
 */
export function startVerification(
  changes: Changes,
  scope: Scope,
  householdId: string,
  source: Source,
): { id: string; created: boolean } {
  const household = changes.db.first(
    qb
      .selectFrom('households')
      .select(['desa_code', 'status'])
      .where('id', '=', householdId)
      .where('deleted_at', 'is', null),
  );
  if (!household) throw notFound('Keluarga');
  assertInScope(scope, household.desa_code);
  const open = openVerificationOf(changes.db, householdId);
  if (open) return { id: open, created: false };
  if (household.status !== 'aktif')
    throw new AppFailure(
      'CONFLICT',
      'Keluarga ini tidak aktif lagi, jadi tidak dapat diverifikasi. Aktifkan kembali datanya bila keluarga masih ada.',
    );
  return { id: insertVerification(changes, householdId, household.desa_code, source), created: true };
}

function openVerificationOf(sql: Sql, householdId: string): string | null {
  const open = sql.first(
    qb
      .selectFrom('verifications')
      .select('id')
      .where('household_id', '=', householdId)
      .where('status', 'in', OPEN),
  );
  return open?.id ?? null;
}

function insertVerification(changes: Changes, householdId: string, desaCode: string, source: Source): string {
  const id = newId();
  changes.about(householdId, () =>
    changes.insert(
      'verifications',
      {
        id,
        household_id: householdId,
        desa_code: desaCode,
        source,
        status: 'belum_diverifikasi',
        assigned_to: null,
        visit_date: null,
        visit_json: '{}',
        findings: '',
        outcome: null,
        outcome_reason: null,
        submitted_by: null,
        submitted_at: null,
        approval: null,
        approval_note: null,
        approved_by: null,
        approved_at: null,
        enrolment_changes: '[]',
      } as never,
      'verification.create',
    ),
  );
  return id;
}

function getVerification(sql: Sql, scope: Scope, id: string): VerificationsTable {
  const row = sql.first(qb.selectFrom('verifications').selectAll().where('id', '=', id));
  if (!row) throw notFound('Verifikasi');
  assertInScope(scope, row.desa_code);
  return row;
}

export function saveVisit(
  changes: Changes,
  scope: Scope,
  id: string,
  expectedVersion: number,
  visit: VisitInput,
): void {
  const before = getVerification(changes.db, scope, id);
  if (before.version !== expectedVersion)
    throw new AppFailure(
      'CONFLICT',
      'Verifikasi ini baru saja diubah pengguna lain. Muat ulang lalu ulangi; isian Anda belum tersimpan.',
    );
  if (before.status === 'terverifikasi')
    throw new AppFailure(
      'CONFLICT',
      'Verifikasi ini sudah disetujui dan tidak dapat diubah. Buat daftar verifikasi baru bila perlu.',
    );
  if (before.submitted_at && before.approval !== 'dikembalikan')
    throw new AppFailure('CONFLICT', 'Hasil sudah diajukan dan menunggu persetujuan.');
  const { findings, ...rest } = visit;
  changes.about(before.household_id, () =>
    changes.update(
      'verifications',
      id,
      {
        status: 'sedang_ditinjau',
        visit_date: visit.visitDate,
        visit_json: JSON.stringify(rest),
        findings,
        assigned_to: before.assigned_to ?? changes.actorId,
      },
      'verification.visit',
    ),
  );
}

export function submitOutcome(
  changes: Changes,
  scope: Scope,
  id: string,
  outcome: 'layak' | 'tidak_layak',
  reason: string,
): void {
  const before = getVerification(changes.db, scope, id);
  if (!before.visit_date)
    throw new AppFailure('VALIDATION', 'Catat kunjungan lapangan terlebih dahulu, lalu ajukan hasilnya.');
  if (before.status === 'terverifikasi') throw new AppFailure('CONFLICT', 'Verifikasi ini sudah disetujui.');
  changes.about(before.household_id, () =>
    changes.update(
      'verifications',
      id,
      {
        outcome,
        outcome_reason: reason,
        submitted_by: changes.actorId,
        submitted_at: changes.now,
        approval: null,
        approval_note: null,
      },
      'verification.submit',
    ),
  );
}

/**
 * A manager approves (the household's record now says layak / tidak layak) or sends it back
 * to the officer with a note. The officer who submitted cannot approve their own work.
 */
export function approve(
  changes: Changes,
  scope: Scope,
  id: string,
  decision: 'disetujui' | 'dikembalikan',
  note: string,
): void {
  const before = getVerification(changes.db, scope, id);
  if (!before.submitted_at || before.approval)
    throw new AppFailure('CONFLICT', 'Tidak ada hasil yang menunggu persetujuan.');
  if (before.submitted_by === changes.actorId)
    throw new AppFailure(
      'FORBIDDEN',
      'Hasil verifikasi harus disetujui orang lain, bukan yang mengajukannya.',
    );
  if (decision === 'dikembalikan' && !note.trim())
    throw new AppFailure('VALIDATION', 'Tuliskan apa yang perlu diperbaiki.', {
      fields: [{ path: 'note', message: 'Wajib diisi bila dikembalikan.' }],
    });
  const planned = decision === 'disetujui' ? plannedChanges(changes.db, before, changes.now) : [];
  applyChanges(changes, before.household_id, planned);
  changes.about(before.household_id, () =>
    changes.update(
      'verifications',
      id,
      {
        approval: decision,
        approval_note: note || null,
        approved_by: changes.actorId,
        approved_at: changes.now,
        status: decision === 'disetujui' ? 'terverifikasi' : 'sedang_ditinjau',
        submitted_at: decision === 'disetujui' ? before.submitted_at : null,
        enrolment_changes: JSON.stringify(planned),
      },
      'verification.approve',
    ),
  );
}

/** What approving would change now, in words for the manager (see outcomes.ts). */
export function approvalPreview(sql: Sql, scope: Scope, id: string, now: string) {
  const verification = getVerification(sql, scope, id);
  if (!verification.submitted_at || verification.approval)
    throw new AppFailure('CONFLICT', 'Tidak ada hasil yang menunggu persetujuan.');
  return describeChanges(sql, plannedChanges(sql, verification, now));
}

/**
 * Takes an approval back (a wrong click, a result approved too soon): the programmes return to
 * their values before it and the result waits for a decision again.
 */
export function undoApproval(changes: Changes, scope: Scope, id: string): void {
  const before = getVerification(changes.db, scope, id);
  if (before.approval !== 'disetujui')
    throw new AppFailure('CONFLICT', 'Verifikasi ini belum disetujui, jadi tidak ada yang dibatalkan.');
  revertChanges(changes, before, appliedChanges(before));
  changes.about(before.household_id, () =>
    changes.update(
      'verifications',
      id,
      {
        approval: null,
        approval_note: null,
        approved_by: null,
        approved_at: null,
        status: 'sedang_ditinjau',
        enrolment_changes: '[]',
      },
      'verification.undo_approval',
    ),
  );
}

/** A manager hands an open visit to an officer who works in its desa (or back to anyone). */
export function assignVerification(changes: Changes, scope: Scope, id: string, userId: string | null): void {
  const before = getVerification(changes.db, scope, id);
  if (before.status === 'terverifikasi')
    throw new AppFailure('CONFLICT', 'Verifikasi ini sudah selesai; tidak perlu ditugaskan lagi.');
  if (userId) assertCanVisit(changes.db, userId, before.desa_code);
  changes.about(before.household_id, () =>
    changes.update('verifications', id, { assigned_to: userId }, 'verification.assign'),
  );
}

/** The officer must be active, allowed to record visits, and work in the family's desa. */
function assertCanVisit(sql: Sql, userId: string, desaCode: string): void {
  const user = sql.first(
    qb.selectFrom('users').select(['role', 'active', 'area_json', 'full_name']).where('id', '=', userId),
  );
  const refuse = (message: string) =>
    new AppFailure('VALIDATION', message, { fields: [{ path: 'userId', message }] });
  if (!user || user.active !== 1) throw refuse('Petugas yang dipilih tidak aktif.');
  if (!can(user.role, 'verification.write'))
    throw refuse(`${user.full_name} tidak berwenang mencatat kunjungan verifikasi. Pilih petugas lapangan.`);
  const covered = desaCodesOfArea(sql, JSON.parse(user.area_json) as { kecamatan: string[]; desa: string[] });
  if (covered && !covered.has(desaCode))
    throw refuse(`Desa keluarga ini di luar wilayah tugas ${user.full_name}.`);
}

export function listVerifications(
  sql: Sql,
  regions: RegionNames,
  scope: Scope,
  filters: {
    desaCode?: string;
    status?: VerificationsTable['status'];
    awaitingApproval?: boolean;
    householdId?: string;
    limit: number;
  },
  attachmentsOf: (ownerId: string) => VerificationView['attachments'],
): VerificationView[] {
  let query = qb
    .selectFrom('verifications as v')
    .innerJoin('households as h', 'h.id', 'v.household_id')
    .leftJoin('people as p', 'p.id', 'h.head_person_id')
    .selectAll('v')
    .select(['h.kk_number', 'p.name as head_name'])
    .orderBy('v.created_at', 'desc')
    .limit(filters.limit);
  if (scope.desaCodes) query = query.where('v.desa_code', 'in', [...scope.desaCodes, '']);
  if (filters.desaCode) query = query.where('v.desa_code', '=', filters.desaCode);
  if (filters.status) query = query.where('v.status', '=', filters.status);
  if (filters.householdId) {
    getHousehold(sql, filters.householdId, scope);
    query = query.where('v.household_id', '=', filters.householdId);
  }
  if (filters.awaitingApproval)
    query = query.where('v.submitted_at', 'is not', null).where('v.approval', 'is', null);
  return sql.all(query).map((v) => ({
    id: v.id,
    householdId: v.household_id,
    kkNumber: v.kk_number,
    headName: v.head_name,
    desaCode: v.desa_code,
    desaName: regions.name(v.desa_code),
    source: v.source,
    status: v.status,
    assignedTo: v.assigned_to,
    visit: v.visit_date
      ? { visitDate: v.visit_date, findings: v.findings, ...(JSON.parse(v.visit_json) as object) }
      : null,
    outcome: v.outcome,
    outcomeReason: v.outcome_reason,
    submittedAt: v.submitted_at,
    approval: v.approval,
    approvalNote: v.approval_note,
    approvedAt: v.approved_at,
    enrolmentChanges: describeChanges(sql, JSON.parse(v.enrolment_changes) as EnrolmentChange[]),
    attachments: attachmentsOf(v.id),
    createdAt: v.created_at,
    version: v.version,
  }));
}

export function verificationHousehold(sql: Sql, scope: Scope, id: string): string {
  return getVerification(sql, scope, id).household_id;
}
