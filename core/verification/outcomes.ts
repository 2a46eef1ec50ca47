import type { EnrolmentChangeView } from '../../common/api/methods/casework.ts';
import { ENROLMENT_STATUS_LABELS, type EnrolmentStatus } from '../../common/domain/registry.ts';
import { AppFailure } from '../../common/errors.ts';
import { localDate } from '../../common/format.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { VerificationsTable } from '../../db/schema.ts';
import type { Changes } from '../db/changes.ts';

/**
 * What an approved verification does to the family's programmes, so a decision in the field
 * reaches the list that is paid: "layak" activates the programmes proposed for the family
 * (usulan -> aktif, from the first day of next month: the period already open keeps its frozen
 * list); "tidak layak" suspends its live programmes with the officer's reason. Each change keeps
 * the enrolment's values before and after, on the verification itself, which is what undo uses.
 */
export interface EnrolmentChange {
  enrolmentId: string;
  before: EnrolmentState;
  after: EnrolmentState;
}

interface EnrolmentState {
  status: EnrolmentStatus;
  status_reason: string | null;
  start_date: string | null;
  end_date: string | null;
}

const STATE_FIELDS = ['status', 'status_reason', 'start_date', 'end_date'] as const;

/** Field by field: a stored state and a planned one compare whatever order their keys came in. */
const sameState = (a: EnrolmentState, b: EnrolmentState) =>
  STATE_FIELDS.every((field) => (a[field] ?? null) === (b[field] ?? null));

/** "2026-12-06" -> "2027-01-01". */
export function firstOfNextMonth(isoDate: string): string {
  const [year, month] = isoDate.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/** The changes approving this verification would make, given the family's programmes today. */
export function plannedChanges(sql: Sql, verification: VerificationsTable, now: string): EnrolmentChange[] {
  if (!verification.outcome) return [];
  const moving: EnrolmentStatus[] = verification.outcome === 'layak' ? ['usulan'] : ['usulan', 'aktif'];
  const enrolments = sql.all(
    qb
      .selectFrom('enrolments')
      .select(['id', 'status', 'status_reason', 'start_date', 'end_date'])
      .where('household_id', '=', verification.household_id)
      .where('status', 'in', moving)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id'),
  );
  const today = localDate(now);
  return enrolments.map(({ id, ...before }) => ({
    enrolmentId: id,
    before,
    after:
      verification.outcome === 'layak'
        ? { status: 'aktif', status_reason: null, start_date: firstOfNextMonth(today), end_date: null }
        : {
            status: 'ditangguhkan',
            status_reason:
              `Tidak layak menurut verifikasi ${today}: ${verification.outcome_reason ?? ''}`.trim(),
            start_date: before.start_date,
            end_date: null,
          },
  }));
}

/** Writes the planned changes, each audited under the verification's family. */
export function applyChanges(changes: Changes, householdId: string, planned: EnrolmentChange[]): void {
  changes.about(householdId, () => {
    for (const change of planned)
      changes.update('enrolments', change.enrolmentId, { ...change.after }, 'verification.enrolment');
  });
}

/**
 * Puts the family's programmes back as they were before the approval. Refused, naming the
 * programme, when one has moved on since (changed by hand, or already on a disbursement list
 * opened after the approval): undoing then would erase later work or a list already frozen.
 */
export function revertChanges(
  changes: Changes,
  verification: VerificationsTable,
  applied: EnrolmentChange[],
): void {
  for (const change of applied) {
    const now = changes.db.first(
      qb
        .selectFrom('enrolments as e')
        .innerJoin('programs as p', 'p.id', 'e.program_id')
        .select(['e.status', 'e.status_reason', 'e.start_date', 'e.end_date', 'p.name'])
        .where('e.id', '=', change.enrolmentId),
    );
    if (!now)
      throw new AppFailure('CONFLICT', 'Kepesertaan program yang diubah persetujuan ini sudah dihapus.');
    const { name, ...state } = now;
    if (!sameState(state, change.after))
      throw new AppFailure(
        'CONFLICT',
        `${name} sudah diubah lagi sejak persetujuan (sekarang ${ENROLMENT_STATUS_LABELS[state.status]}). Ubah statusnya di halaman keluarga.`,
      );
    const listed = changes.db.first(
      qb
        .selectFrom('disbursement_items as i')
        .innerJoin('disbursement_periods as d', 'd.id', 'i.period_id')
        .select('d.label')
        .where('i.enrolment_id', '=', change.enrolmentId)
        .where('d.opened_at', '>=', verification.approved_at ?? ''),
    );
    if (listed)
      throw new AppFailure(
        'CONFLICT',
        `${name} keluarga ini sudah masuk daftar penyaluran ${listed.label}. Persetujuan tidak dapat dibatalkan; ubah statusnya di halaman keluarga.`,
      );
  }
  changes.about(verification.household_id, () => {
    for (const change of applied)
      changes.update('enrolments', change.enrolmentId, { ...change.before }, 'verification.enrolment_undo');
  });
}

/** The changes as the approval dialog and the verification page show them. */
export function describeChanges(sql: Sql, planned: EnrolmentChange[]): EnrolmentChangeView[] {
  if (!planned.length) return [];
  const names = new Map(
    sql
      .all(
        qb
          .selectFrom('enrolments as e')
          .innerJoin('programs as p', 'p.id', 'e.program_id')
          .select(['e.id', 'p.name'])
          .where(
            'e.id',
            'in',
            planned.map((c) => c.enrolmentId),
          ),
      )
      .map((r) => [r.id, r.name]),
  );
  return planned.map((c) => ({
    enrolmentId: c.enrolmentId,
    programName: names.get(c.enrolmentId) ?? 'Program',
    from: c.before.status,
    to: c.after.status,
    startDate: c.after.status === 'aktif' ? c.after.start_date : null,
    reason: c.after.status_reason,
  }));
}

export function appliedChanges(verification: VerificationsTable): EnrolmentChange[] {
  return JSON.parse(verification.enrolment_changes) as EnrolmentChange[];
}
