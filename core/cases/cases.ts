import { localDate } from '../../common/format.ts';
import type { CaseView, ComplaintView } from '../../common/api/methods/casework.ts';
import { AppFailure, notFound } from '../../common/errors.ts';
import {
  CASE_STATUS_LABELS,
  CASE_TRANSITIONS,
  OPEN_CASE_STATUSES,
  type CaseStatus,
} from '../../common/domain/registry.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { CasesTable, ComplaintsTable } from '../../db/schema.ts';
import type { Changes } from '../db/changes.ts';
import { newId } from '../ids.ts';
import type { RegionNames } from '../regions/names.ts';
import { getHousehold } from '../registry/households.ts';
import { assertInScope, type Scope } from '../registry/scope.ts';

/** A case without an explicit due date is due this many days after it opens. */
export const DEFAULT_CASE_DAYS = 14;

const DAY = 86_400_000;
const addDays = (iso: string, days: number) => localDate(new Date(Date.parse(iso) + days * DAY));

function userName(sql: Sql, id: string | null): string | null {
  return id
    ? (sql.first(qb.selectFrom('users').select('full_name').where('id', '=', id))?.full_name ?? null)
    : null;
}

function getCase(sql: Sql, scope: Scope, id: string): CasesTable {
  const row = sql.first(qb.selectFrom('cases').selectAll().where('id', '=', id));
  if (!row) throw notFound('Kasus');
  assertInScope(scope, row.desa_code);
  return row;
}

function addEvent(
  changes: Changes,
  row: CasesTable,
  kind: 'catatan' | 'status' | 'rujukan' | 'penugasan',
  text: string,
  data: object = {},
): void {
  changes.insert(
    'case_events',
    {
      id: newId(),
      case_id: row.id,
      kind,
      text,
      data_json: JSON.stringify(data),
      author_id: changes.actorId,
      author_name: changes.actorName,
    } as never,
    `cases.${kind === 'catatan' ? 'note' : kind === 'status' ? 'status' : kind === 'rujukan' ? 'refer' : 'assign'}`,
  );
}

export function caseView(sql: Sql, regions: RegionNames, row: CasesTable, today: string): CaseView {
  const head = sql.first(
    qb
      .selectFrom('households as h')
      .leftJoin('people as p', 'p.id', 'h.head_person_id')
      .select('p.name')
      .where('h.id', '=', row.household_id),
  );
  const person = row.person_id
    ? sql.first(qb.selectFrom('people').select('name').where('id', '=', row.person_id))
    : undefined;
  return {
    id: row.id,
    householdId: row.household_id,
    personId: row.person_id,
    personName: person?.name ?? null,
    headName: head?.name ?? null,
    desaName: regions.name(row.desa_code),
    type: row.type,
    title: row.title,
    description: row.description,
    atensiCluster: row.atensi_cluster as CaseView['atensiCluster'],
    status: row.status,
    assignedTo: row.assigned_to,
    assignedName: userName(sql, row.assigned_to),
    dueDate: row.due_date,
    overdue: OPEN_CASE_STATUSES.includes(row.status) && !!row.due_date && row.due_date < today,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    events: sql
      .all(
        qb
          .selectFrom('case_events')
          .selectAll()
          .where('case_id', '=', row.id)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc'),
      )
      .map((e) => ({ id: e.id, kind: e.kind, text: e.text, authorName: e.author_name, at: e.created_at })),
    referrals: sql
      .all(
        qb.selectFrom('referrals').selectAll().where('case_id', '=', row.id).orderBy('referred_at', 'desc'),
      )
      .map((r) => ({
        id: r.id,
        agency: r.agency,
        reason: r.reason,
        status: r.status,
        referredAt: r.referred_at,
        response: r.response,
        respondedAt: r.responded_at,
      })),
    version: row.version,
  };
}

export function createCase(
  changes: Changes,
  scope: Scope,
  input: {
    householdId: string;
    personId: string | null;
    type: CasesTable['type'];
    title: string;
    description: string;
    atensiCluster: string | null;
    assignedTo: string | null;
    dueDate: string | null;
  },
): string {
  const household = getHousehold(changes.db, input.householdId, scope);
  if (input.type === 'atensi' && !input.atensiCluster)
    throw new AppFailure('VALIDATION', 'Pilih klaster ATENSI.', {
      fields: [{ path: 'atensiCluster', message: 'Wajib untuk kasus ATENSI.' }],
    });
  if (input.personId) {
    const person = changes.db.first(
      qb.selectFrom('people').select('household_id').where('id', '=', input.personId),
    );
    if (person?.household_id !== household.id)
      throw new AppFailure('VALIDATION', 'Orang ini bukan anggota keluarga tersebut.', {
        fields: [{ path: 'personId', message: 'Bukan anggota.' }],
      });
  }
  assertActiveUser(changes.db, input.assignedTo);
  const id = newId();
  const row = {
    id,
    household_id: household.id,
    person_id: input.personId,
    type: input.type,
    title: input.title,
    description: input.description,
    atensi_cluster: input.type === 'atensi' ? input.atensiCluster : null,
    status: 'baru',
    assigned_to: input.assignedTo,
    due_date: input.dueDate ?? addDays(changes.now, DEFAULT_CASE_DAYS),
    opened_at: changes.now,
    closed_at: null,
    closing_note: null,
    desa_code: household.desa_code,
  } as const;
  changes.about(household.id, () => {
    changes.insert('cases', row as never, 'cases.create');
    addEvent(
      changes,
      { ...row, version: 1, created_at: changes.now, updated_at: changes.now },
      'status',
      'Kasus dibuka',
    );
  });
  return id;
}

function assertActiveUser(sql: Sql, userId: string | null): void {
  if (!userId) return;
  const user = sql.first(qb.selectFrom('users').select('active').where('id', '=', userId));
  if (!user || user.active !== 1)
    throw new AppFailure('VALIDATION', 'Petugas yang dipilih tidak aktif.', {
      fields: [{ path: 'assignedTo', message: 'Pilih petugas yang aktif.' }],
    });
}

/** baru -> asesmen -> dalam layanan -> selesai / ditutup; a closed case stays closed. */
export function setCaseStatus(
  changes: Changes,
  scope: Scope,
  id: string,
  status: CaseStatus,
  note: string,
): void {
  const row = getCase(changes.db, scope, id);
  if (!CASE_TRANSITIONS[row.status].includes(status)) {
    const allowed =
      CASE_TRANSITIONS[row.status].map((s) => CASE_STATUS_LABELS[s]).join(', ') ||
      'tidak ada (kasus sudah selesai)';
    throw new AppFailure(
      'VALIDATION',
      `Dari "${CASE_STATUS_LABELS[row.status]}" kasus hanya dapat diubah ke: ${allowed}.`,
      { fields: [{ path: 'status', message: 'Langkah tidak sesuai alur.' }] },
    );
  }
  const closing = status === 'selesai' || status === 'ditutup';
  if (closing && !note.trim())
    throw new AppFailure('VALIDATION', 'Tuliskan ringkasan penyelesaian atau alasan penutupan.', {
      fields: [{ path: 'note', message: 'Wajib diisi.' }],
    });
  changes.about(row.household_id, () => {
    changes.update(
      'cases',
      id,
      { status, closed_at: closing ? changes.now : null, closing_note: closing ? note : row.closing_note },
      'cases.status',
    );
    addEvent(
      changes,
      row,
      'status',
      `${CASE_STATUS_LABELS[row.status]} → ${CASE_STATUS_LABELS[status]}${note.trim() ? `: ${note.trim()}` : ''}`,
      { from: row.status, to: status },
    );
  });
}

export function assignCase(
  changes: Changes,
  scope: Scope,
  id: string,
  userId: string | null,
  dueDate: string | null | undefined,
): void {
  const row = getCase(changes.db, scope, id);
  assertActiveUser(changes.db, userId);
  changes.about(row.household_id, () => {
    changes.update(
      'cases',
      id,
      { assigned_to: userId, ...(dueDate !== undefined ? { due_date: dueDate } : {}) },
      'cases.assign',
    );
    addEvent(
      changes,
      row,
      'penugasan',
      userId ? `Ditugaskan kepada ${userName(changes.db, userId)}` : 'Penugasan dilepas',
    );
  });
}

export function addCaseNote(changes: Changes, scope: Scope, id: string, text: string): void {
  const row = getCase(changes.db, scope, id);
  changes.about(row.household_id, () => addEvent(changes, row, 'catatan', text));
}

export function referCase(changes: Changes, scope: Scope, id: string, agency: string, reason: string): void {
  const row = getCase(changes.db, scope, id);
  changes.about(row.household_id, () => {
    changes.insert(
      'referrals',
      {
        id: newId(),
        case_id: id,
        agency,
        reason,
        status: 'dikirim',
        referred_at: changes.now,
        response: null,
        responded_at: null,
      } as never,
      'cases.refer',
    );
    addEvent(changes, row, 'rujukan', `Dirujuk ke ${agency}: ${reason}`);
  });
}

export function updateReferral(
  changes: Changes,
  scope: Scope,
  caseId: string,
  referralId: string,
  status: 'diterima' | 'selesai' | 'ditolak',
  response: string,
): void {
  const row = getCase(changes.db, scope, caseId);
  const referral = changes.db.first(
    qb.selectFrom('referrals').selectAll().where('id', '=', referralId).where('case_id', '=', caseId),
  );
  if (!referral) throw notFound('Rujukan');
  changes.about(row.household_id, () => {
    changes.update(
      'referrals',
      referralId,
      { status, response: response || null, responded_at: changes.now },
      'cases.referral',
    );
    addEvent(
      changes,
      row,
      'rujukan',
      `Rujukan ke ${referral.agency}: ${status}${response ? ` — ${response}` : ''}`,
    );
  });
}

export function listCases(
  sql: Sql,
  regions: RegionNames,
  scope: Scope,
  filters: { householdId?: string; assignedTo?: string; open?: boolean; overdue?: boolean; limit: number },
  today: string,
): CaseView[] {
  let query = qb
    .selectFrom('cases')
    .selectAll()
    .orderBy('due_date')
    .orderBy('opened_at', 'desc')
    .limit(filters.limit);
  if (scope.desaCodes) query = query.where('desa_code', 'in', [...scope.desaCodes, '']);
  if (filters.householdId) query = query.where('household_id', '=', filters.householdId);
  if (filters.assignedTo) query = query.where('assigned_to', '=', filters.assignedTo);
  if (filters.open || filters.overdue) query = query.where('status', 'in', [...OPEN_CASE_STATUSES]);
  if (filters.overdue) query = query.where('due_date', '<', today);
  return sql.all(query).map((r) => caseView(sql, regions, r, today));
}

export function getCaseView(
  sql: Sql,
  regions: RegionNames,
  scope: Scope,
  id: string,
  today: string,
): CaseView {
  return caseView(sql, regions, getCase(sql, scope, id), today);
}

// ---------------- complaints ----------------

function complaintView(sql: Sql, regions: RegionNames, row: ComplaintsTable, now: Date): ComplaintView {
  const head = row.household_id
    ? sql.first(
        qb
          .selectFrom('households as h')
          .leftJoin('people as p', 'p.id', 'h.head_person_id')
          .select('p.name')
          .where('h.id', '=', row.household_id),
      )
    : undefined;
  const end = row.resolved_at ? Date.parse(row.resolved_at) : now.getTime();
  return {
    id: row.id,
    kind: row.kind,
    channel: row.channel as ComplaintView['channel'],
    anonymous: row.anonymous === 1,
    reporterName: row.reporter_name,
    reporterContact: row.reporter_contact,
    householdId: row.household_id,
    headName: head?.name ?? null,
    desaCode: row.desa_code,
    desaName: row.desa_code ? regions.name(row.desa_code) : null,
    subject: row.subject,
    description: row.description,
    receivedAt: row.received_at,
    status: row.status,
    resolution: row.resolution,
    resolvedAt: row.resolved_at,
    responseDays: Math.round(((end - Date.parse(row.received_at)) / DAY) * 10) / 10,
    assignedTo: row.assigned_to,
    version: row.version,
  };
}

/**
 * Whether the caller may see and work on a complaint. One without a desa (often naming the
 * complainant, who objects to a neighbour's aid) is the city office's, and its assignee's; an
 * area-limited user gets those of their area only (probe C08).
 */
export function complaintVisible(
  scope: Scope,
  row: Pick<ComplaintsTable, 'desa_code' | 'assigned_to'>,
): boolean {
  if (!scope.desaCodes) return true;
  if (row.desa_code) return scope.desaCodes.has(row.desa_code);
  return row.assigned_to === scope.userId;
}

const OUTSIDE_AREA =
  'Pengaduan ini berada di luar wilayah kerja Anda. Hubungi administrator bila wilayah Anda perlu diubah.';

function getComplaint(sql: Sql, scope: Scope, id: string): ComplaintsTable {
  const row = sql.first(qb.selectFrom('complaints').selectAll().where('id', '=', id));
  if (!row) throw notFound('Pengaduan');
  if (!complaintVisible(scope, row)) throw new AppFailure('FORBIDDEN', OUTSIDE_AREA);
  return row;
}

export function createComplaint(
  changes: Changes,
  scope: Scope,
  input: {
    kind: ComplaintsTable['kind'];
    channel: string;
    anonymous: boolean;
    reporterName: string | null;
    reporterContact: string | null;
    householdId: string | null;
    desaCode: string | null;
    subject: string;
    description: string;
    receivedAt?: string | undefined;
  },
): string {
  let desaCode = input.desaCode;
  if (input.householdId) desaCode = getHousehold(changes.db, input.householdId, scope).desa_code;
  if (desaCode) assertInScope(scope, desaCode);
  else if (scope.desaCodes)
    // It would leave their sight at once: a complaint without a desa is the city office's.
    throw new AppFailure(
      'VALIDATION',
      'Pilih desa/kelurahan pengaduan ini (di wilayah kerja Anda). Pengaduan tanpa desa hanya dicatat oleh petugas tingkat kota.',
      { fields: [{ path: 'desaCode', message: 'Pilih desa/kelurahan.' }] },
    );
  if (!input.anonymous && !input.reporterName?.trim()) {
    throw new AppFailure('VALIDATION', 'Isi nama pelapor, atau tandai sebagai pengaduan anonim.', {
      fields: [{ path: 'reporterName', message: 'Wajib, kecuali anonim.' }],
    });
  }
  if (input.receivedAt && input.receivedAt > changes.now)
    throw new AppFailure('VALIDATION', 'Waktu diterima belum terjadi.', {
      fields: [{ path: 'receivedAt', message: 'Di masa depan.' }],
    });
  const id = newId();
  const insert = () =>
    changes.insert(
      'complaints',
      {
        id,
        kind: input.kind,
        channel: input.channel,
        // Anonymous means no identity is kept at all, not just hidden.
        anonymous: input.anonymous ? 1 : 0,
        reporter_name: input.anonymous ? null : (input.reporterName?.trim() ?? null),
        reporter_contact: input.anonymous ? null : input.reporterContact?.trim() || null,
        household_id: input.householdId,
        person_id: null,
        desa_code: desaCode,
        subject: input.subject,
        description: input.description,
        received_at: input.receivedAt ?? changes.now,
        status: 'diterima',
        resolution: null,
        resolved_at: null,
        assigned_to: null,
      } as never,
      'complaints.create',
    );
  if (input.householdId) changes.about(input.householdId, insert);
  else insert();
  return id;
}

export function updateComplaint(
  changes: Changes,
  scope: Scope,
  id: string,
  input: {
    status: ComplaintsTable['status'];
    resolution: string | null;
    householdId?: string | null | undefined;
    assignedTo?: string | null | undefined;
  },
): void {
  const row = getComplaint(changes.db, scope, id);
  if (input.status === 'selesai' && !input.resolution?.trim()) {
    throw new AppFailure('VALIDATION', 'Tuliskan tindak lanjut/penyelesaiannya sebelum menandai selesai.', {
      fields: [{ path: 'resolution', message: 'Wajib diisi.' }],
    });
  }
  let desaCode = row.desa_code;
  if (input.householdId) desaCode = getHousehold(changes.db, input.householdId, scope).desa_code;
  assertActiveUser(changes.db, input.assignedTo ?? null);
  const write = () =>
    changes.update(
      'complaints',
      id,
      {
        status: input.status,
        resolution: input.resolution ?? row.resolution,
        resolved_at: input.status === 'selesai' ? (row.resolved_at ?? changes.now) : null,
        ...(input.householdId !== undefined ? { household_id: input.householdId, desa_code: desaCode } : {}),
        ...(input.assignedTo !== undefined ? { assigned_to: input.assignedTo } : {}),
      },
      'complaints.update',
    );
  const household = input.householdId ?? row.household_id;
  if (household) changes.about(household, write);
  else write();
}

export function listComplaints(
  sql: Sql,
  regions: RegionNames,
  scope: Scope,
  filters: { status?: ComplaintsTable['status']; householdId?: string; limit: number },
  now: Date,
): ComplaintView[] {
  let query = qb.selectFrom('complaints').selectAll().orderBy('received_at', 'desc').limit(filters.limit);
  if (scope.desaCodes)
    // As complaintVisible: the area's, and those without a desa assigned to the caller.
    query = query.where((eb) =>
      eb.or([
        eb('desa_code', 'in', [...scope.desaCodes!, '']),
        eb.and([eb('desa_code', 'is', null), eb('assigned_to', '=', scope.userId)]),
      ]),
    );
  if (filters.status) query = query.where('status', '=', filters.status);
  if (filters.householdId) query = query.where('household_id', '=', filters.householdId);
  return sql.all(query).map((r) => complaintView(sql, regions, r, now));
}

export function getComplaintView(
  sql: Sql,
  regions: RegionNames,
  scope: Scope,
  id: string,
  now: Date,
): ComplaintView {
  return complaintView(sql, regions, getComplaint(sql, scope, id), now);
}
