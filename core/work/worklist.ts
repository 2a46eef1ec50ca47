import { localDate } from '../../common/format.ts';
import type { WorkItem } from '../../common/api/methods/casework.ts';
import { can } from '../../common/auth/roles.ts';
import {
  CASE_TYPE_LABELS,
  OPEN_CASE_STATUSES,
  VERIFICATION_SOURCE_LABELS,
} from '../../common/domain/registry.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { Session } from '../auth/sessions.ts';
import type { RegionNames } from '../regions/names.ts';
import { complaintVisible } from '../cases/cases.ts';
import type { Scope } from '../registry/scope.ts';

/**
 * "Aktivitas saya": what waits for this user, by what their role does: their cases, the
 * verifications in their area, results awaiting their approval, complaints to answer, and
 * the duplicate queue. Overdue first, then by due date.
 */
export function myWork(
  sql: Sql,
  regions: RegionNames,
  scope: Scope,
  session: Session,
  today: string,
): WorkItem[] {
  const items: WorkItem[] = [];
  const area = <T extends { where: (...args: never[]) => T }>(q: T, column: string): T =>
    scope.desaCodes
      ? (q as unknown as { where: (c: string, op: string, v: string[]) => T }).where(column, 'in', [
          ...scope.desaCodes,
          '',
        ])
      : q;

  for (const c of sql.all(
    qb
      .selectFrom('cases')
      .select(['id', 'title', 'type', 'due_date', 'household_id', 'status'])
      .where('assigned_to', '=', session.userId)
      .where('status', 'in', [...OPEN_CASE_STATUSES])
      .orderBy('due_date')
      .limit(100),
  )) {
    items.push({
      kind: 'kasus',
      id: c.id,
      title: c.title,
      detail: CASE_TYPE_LABELS[c.type],
      dueDate: c.due_date,
      overdue: !!c.due_date && c.due_date < today,
      householdId: c.household_id,
    });
  }

  if (can(session.role, 'verification.write')) {
    const q = area(
      qb
        .selectFrom('verifications')
        .leftJoin('households', 'households.id', 'verifications.household_id')
        .leftJoin('people', 'people.id', 'households.head_person_id')
        .select([
          'verifications.id',
          'verifications.household_id',
          'verifications.desa_code',
          'verifications.source',
          'verifications.approval',
          'people.name as head_name',
        ])
        .where('verifications.status', '!=', 'terverifikasi')
        .where('verifications.submitted_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb('verifications.assigned_to', '=', session.userId),
            eb('verifications.assigned_to', 'is', null),
          ]),
        )
        .orderBy('verifications.created_at')
        .limit(100),
      'verifications.desa_code',
    );
    for (const v of sql.all(q)) {
      const returned = v.approval === 'dikembalikan' ? ' (dikembalikan manajer)' : '';
      items.push({
        kind: 'verifikasi',
        id: v.id,
        title: `Verifikasi ${v.head_name ?? 'keluarga'}, ${regions.name(v.desa_code)}${returned}`,
        detail: VERIFICATION_SOURCE_LABELS[v.source],
        dueDate: null,
        overdue: false,
        householdId: v.household_id,
      });
    }
  }

  if (can(session.role, 'verification.approve')) {
    const q = area(
      qb
        .selectFrom('verifications')
        .select(['id', 'household_id', 'desa_code', 'outcome'])
        .where('submitted_at', 'is not', null)
        .where('approval', 'is', null)
        .limit(100),
      'desa_code',
    );
    for (const v of sql.all(q)) {
      items.push({
        kind: 'verifikasi',
        id: v.id,
        title: `Persetujuan verifikasi ${regions.name(v.desa_code)}`,
        detail: `Hasil: ${v.outcome === 'layak' ? 'layak' : 'tidak layak'}`,
        dueDate: null,
        overdue: false,
        householdId: v.household_id,
      });
    }
  }

  if (can(session.role, 'complaints.write')) {
    for (const c of sql.all(
      qb
        .selectFrom('complaints')
        .select(['id', 'subject', 'kind', 'received_at', 'household_id', 'desa_code', 'assigned_to'])
        .where('status', '!=', 'selesai')
        .where((eb) => eb.or([eb('assigned_to', '=', session.userId), eb('assigned_to', 'is', null)]))
        .orderBy('received_at')
        .limit(100),
    )) {
      if (!complaintVisible(scope, c)) continue;
      // Complaints should be answered within 14 days (Perpres 76/2013 practice: a stated response time).
      const due = localDate(new Date(Date.parse(c.received_at) + 14 * 86_400_000));
      items.push({
        kind: 'pengaduan',
        id: c.id,
        title: c.subject,
        detail: `Pengaduan (${c.kind})`,
        dueDate: due,
        overdue: due < today,
        householdId: c.household_id,
      });
    }
  }

  if (can(session.role, 'duplicates.review')) {
    const open =
      sql.first(
        qb
          .selectFrom('duplicate_candidates')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'terbuka'),
      )?.n ?? 0;
    if (open > 0) {
      items.push({
        kind: 'duplikat',
        id: '00000000-0000-7000-8000-000000000000',
        title: `${open} pasangan kemungkinan data ganda`,
        detail: 'Periksa dan putuskan: bukan duplikat, atau gabungkan',
        dueDate: null,
        overdue: false,
        householdId: null,
      });
    }
  }

  return items.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'),
  );
}
