import type { PaymentView, PeriodView } from '../../common/api/methods/casework.ts';
import { AppFailure, notFound } from '../../common/errors.ts';
import { formatDateId, localDate } from '../../common/format.ts';
import { periodAmount } from '../../common/domain/registry.ts';
import { sql as sqlText } from 'kysely';
import { qb, type Sql } from '../../db/sql.ts';
import type { Channel, DisbursementItemsTable, PaymentStatus } from '../../db/schema.ts';
import type { Changes } from '../db/changes.ts';
import { newId } from '../ids.ts';
import type { RegionNames } from '../regions/names.ts';
import { getProgram } from '../programs/reference.ts';
import { monthIndex, periodSpan } from '../reports/format.ts';
import { assertInScope, type Scope } from '../registry/scope.ts';
import { prefixRange } from '../registry/search.ts';

/**
 * Disbursement per programme and period. Opening a period freezes its list: every active
 * enrolment at that moment, with its amount and channel. Later changes to enrolments do not
 * move money already listed. A closed period accepts only corrections, each with a reason.
 * Totals are always computed from the items, never stored, so they cannot disagree.
 */

interface Recipient {
  enrolmentId: string;
  householdId: string;
  personId: string | null;
  amount: number;
  channel: Channel;
}

/** The woman who manages the family (PKH pays the mother): wife, else a female head, else the head. */
function payee(sql: Sql, householdId: string): { id: string; name: string; nik: string | null } | null {
  const members = sql.all(
    qb
      .selectFrom('people')
      .select(['id', 'name', 'nik', 'sex', 'relationship'])
      .where('household_id', '=', householdId)
      .where('deleted_at', 'is', null)
      .where('status', '=', 'aktif'),
  );
  return (
    members.find((m) => m.relationship === 'istri') ??
    members.find((m) => m.relationship === 'kepala_keluarga' && m.sex === 'P') ??
    members.find((m) => m.relationship === 'kepala_keluarga') ??
    members[0] ??
    null
  );
}

export function openPeriod(
  changes: Changes,
  input: {
    programId: string;
    year: number;
    startMonth: number;
    months: number;
    label?: string | undefined;
    dueDate?: string | null | undefined;
  },
): string {
  const sql = changes.db;
  const program = getProgram(sql, input.programId);
  if (program.benefit !== 'cash')
    throw new AppFailure('VALIDATION', `${program.name} bukan bantuan uang; tidak ada daftar penyaluran.`);
  const firstDay = `${input.year}-${String(input.startMonth).padStart(2, '0')}-01`;
  if (input.dueDate && input.dueDate < firstDay)
    throw new AppFailure('VALIDATION', 'Batas waktu penyaluran harus sesudah awal periode.', {
      fields: [{ path: 'dueDate', message: `Pilih tanggal mulai ${formatDateId(firstDay)}.` }],
    });
  const start = monthIndex(input.year, input.startMonth);
  const end = start + input.months - 1;
  for (const other of sql.all(
    qb.selectFrom('disbursement_periods').selectAll().where('program_id', '=', program.id),
  )) {
    const oStart = monthIndex(other.year, other.start_month);
    const oEnd = oStart + other.months - 1;
    if (start <= oEnd && oStart <= end) {
      throw new AppFailure(
        'CONFLICT',
        `Periode ini tumpang tindih dengan periode ${program.code} "${other.label}". Satu bulan hanya boleh dibayar sekali.`,
      );
    }
  }
  const enrolments = sql.all(
    qb
      .selectFrom('enrolments as e')
      .innerJoin('households as h', 'h.id', 'e.household_id')
      .leftJoin('program_components as c', 'c.id', 'e.component_id')
      .leftJoin('people as p', 'p.id', 'e.person_id')
      .select([
        'e.id',
        'e.household_id',
        'e.person_id',
        'e.channel',
        'c.amount',
        'c.amount_unit',
        'p.status as person_status',
        'p.deleted_at as person_deleted',
      ])
      .where('e.program_id', '=', program.id)
      .where('e.status', '=', 'aktif')
      .where('e.deleted_at', 'is', null)
      .where('h.deleted_at', 'is', null)
      .orderBy('e.id'),
  );
  // Household programmes pay one sum per family (all its components); person programmes pay each person.
  const recipients = new Map<string, Recipient>();
  for (const e of enrolments) {
    if (e.person_id && (e.person_status !== 'aktif' || e.person_deleted)) continue;
    const amount = e.amount == null ? 0 : periodAmount(e.amount, e.amount_unit ?? 'per_bulan', input.months);
    const key = program.target === 'household' ? e.household_id : e.id;
    const existing = recipients.get(key);
    if (existing) existing.amount += amount;
    else {
      recipients.set(key, {
        enrolmentId: e.id,
        householdId: e.household_id,
        personId: program.target === 'person' ? e.person_id : null,
        amount,
        channel: (e.channel ?? program.default_channel ?? 'tunai') as Channel,
      });
    }
  }
  const periodId = newId();
  changes.insert(
    'disbursement_periods',
    {
      id: periodId,
      program_id: program.id,
      year: input.year,
      start_month: input.startMonth,
      months: input.months,
      // The report's period line writes the months with the same words: one formatter, both years
      // named when a period runs over a new year.
      label: input.label?.trim() || periodSpan(input),
      status: 'dibuka',
      opened_by: changes.actorId,
      opened_at: changes.now,
      closed_by: null,
      closed_at: null,
      due_date: input.dueDate ?? null,
    } as never,
    'disbursement.open_period',
  );
  for (const r of recipients.values()) {
    const household = sql.first(
      qb.selectFrom('households').select(['kk_number', 'desa_code']).where('id', '=', r.householdId),
    )!;
    const person = r.personId
      ? sql.first(qb.selectFrom('people').select(['id', 'name', 'nik']).where('id', '=', r.personId))
      : payee(sql, r.householdId);
    if (!person) continue;
    changes.about(r.householdId, () =>
      changes.insert(
        'disbursement_items',
        {
          id: newId(),
          period_id: periodId,
          enrolment_id: r.enrolmentId,
          household_id: r.householdId,
          person_id: person.id,
          recipient_name: person.name,
          recipient_nik: person.nik,
          kk_number: household.kk_number,
          desa_code: household.desa_code,
          amount: r.amount,
          channel: r.channel,
          status: 'belum',
          not_paid_reason: null,
          paid_date: null,
          reference: null,
        } as never,
        'disbursement.list',
      ),
    );
  }
  return periodId;
}

export function listPeriods(sql: Sql, scope: Scope, programId?: string): PeriodView[] {
  let periods = qb
    .selectFrom('disbursement_periods as d')
    .innerJoin('programs as p', 'p.id', 'd.program_id')
    .selectAll('d')
    .select(['p.code as program_code', 'p.name as program_name'])
    .orderBy('d.year', 'desc')
    .orderBy('d.start_month', 'desc')
    .orderBy('p.code');
  if (programId) periods = periods.where('d.program_id', '=', programId);
  let totals = qb
    .selectFrom('disbursement_items')
    .select((eb) => [
      'period_id',
      eb.fn.countAll<number>().as('recipients'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'tersalurkan').then(1).else(0).end()).as('paid'),
      sqlText<number>`sum(status = 'tersalurkan' AND paid_date <= (SELECT dp.due_date FROM disbursement_periods dp
                    WHERE dp.id = disbursement_items.period_id))`.as('paid_on_time'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'belum').then(1).else(0).end()).as('unpaid'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'dikembalikan').then(1).else(0).end()).as('returned'),
      eb.fn.sum<number>('amount').as('allocated'),
      eb.fn
        .sum<number>(eb.case().when('status', '=', 'tersalurkan').then(eb.ref('amount')).else(0).end())
        .as('amount_paid'),
    ])
    .groupBy('period_id');
  if (scope.desaCodes) totals = totals.where('desa_code', 'in', [...scope.desaCodes, '']);
  const byPeriod = new Map(sql.all(totals).map((t) => [t.period_id, t]));
  return sql.all(periods).map((d) => {
    const t = byPeriod.get(d.id);
    return {
      id: d.id,
      programId: d.program_id,
      programCode: d.program_code,
      programName: d.program_name,
      year: d.year,
      startMonth: d.start_month,
      months: d.months,
      label: d.label,
      status: d.status,
      openedAt: d.opened_at,
      closedAt: d.closed_at,
      dueDate: d.due_date ?? null,
      totals: {
        recipients: t?.recipients ?? 0,
        paid: t?.paid ?? 0,
        paidOnTime: t?.paid_on_time ?? 0,
        unpaid: t?.unpaid ?? 0,
        returned: t?.returned ?? 0,
        amountAllocated: t?.allocated ?? 0,
        amountPaid: t?.amount_paid ?? 0,
      },
    };
  });
}

const itemQuery = () =>
  qb
    .selectFrom('disbursement_items as i')
    .innerJoin('disbursement_periods as d', 'd.id', 'i.period_id')
    .innerJoin('programs as p', 'p.id', 'd.program_id')
    .selectAll('i')
    .select(['d.label as period_label', 'p.code as program_code']);

type ItemRow = DisbursementItemsTable & { period_label: string; program_code: string };

function toPaymentView(regions: RegionNames, i: ItemRow): PaymentView {
  return {
    id: i.id,
    periodId: i.period_id,
    householdId: i.household_id,
    recipientName: i.recipient_name,
    recipientNik: i.recipient_nik,
    kkNumber: i.kk_number,
    desaName: regions.name(i.desa_code),
    amount: i.amount,
    channel: i.channel,
    status: i.status,
    notPaidReason: i.not_paid_reason,
    paidDate: i.paid_date,
    reference: i.reference,
    periodLabel: i.period_label,
    programCode: i.program_code,
    version: i.version,
  };
}

export function listItems(
  sql: Sql,
  regions: RegionNames,
  scope: Scope,
  filters: {
    periodId?: string;
    householdId?: string;
    desaCode?: string;
    status?: PaymentStatus;
    query?: string;
    limit: number;
    cursor: string | null;
  },
): { rows: PaymentView[]; nextCursor: string | null } {
  let query = itemQuery()
    .orderBy('i.id')
    .limit(filters.limit + 1);
  if (filters.periodId) query = query.where('i.period_id', '=', filters.periodId);
  if (filters.householdId) query = query.where('i.household_id', '=', filters.householdId);
  if (filters.desaCode) query = query.where('i.desa_code', '=', filters.desaCode);
  if (filters.status) query = query.where('i.status', '=', filters.status);
  if (scope.desaCodes) query = query.where('i.desa_code', 'in', [...scope.desaCodes, '']);
  if (filters.cursor) query = query.where('i.id', '>', filters.cursor);
  const q = filters.query?.trim();
  if (q) {
    const [from, to] = prefixRange(/^\d+$/.test(q) ? q : q.toUpperCase());
    query = /^\d+$/.test(q)
      ? query.where((eb) =>
          eb.or([
            eb.and([eb('i.recipient_nik', '>=', from), eb('i.recipient_nik', '<', to)]),
            eb.and([eb('i.kk_number', '>=', from), eb('i.kk_number', '<', to)]),
          ]),
        )
      : query.where('i.recipient_name', 'like', `%${q.replace(/[%_]/g, '')}%`);
  }
  const rows = sql.all(query) as ItemRow[];
  const page = rows.slice(0, filters.limit);
  return {
    rows: page.map((r) => toPaymentView(regions, r)),
    nextCursor: rows.length > filters.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export interface PaymentChange {
  status: PaymentStatus;
  notPaidReason: string | null;
  paidDate: string | null;
  reference: string | null;
}

function checkChange(
  change: PaymentChange,
  today: string,
): Pick<DisbursementItemsTable, 'status' | 'not_paid_reason' | 'paid_date' | 'reference'> {
  if (change.status !== 'tersalurkan' && !change.notPaidReason?.trim()) {
    throw new AppFailure('VALIDATION', 'Tuliskan alasan belum tersalurkan atau dikembalikan.', {
      fields: [{ path: 'notPaidReason', message: 'Alasan wajib diisi.' }],
    });
  }
  if (change.paidDate && change.paidDate > today) {
    throw new AppFailure('VALIDATION', 'Tanggal penyaluran belum terjadi.', {
      fields: [{ path: 'paidDate', message: 'Tanggal di masa depan.' }],
    });
  }
  return {
    status: change.status,
    not_paid_reason: change.status === 'tersalurkan' ? null : (change.notPaidReason?.trim() ?? null),
    paid_date: change.status === 'tersalurkan' ? (change.paidDate ?? today) : null,
    reference: change.reference,
  };
}

/** Bulk status change on open periods, recorded as one operation that `undoStatus` reverses. */
export function setStatus(
  changes: Changes,
  scope: Scope,
  itemIds: string[],
  change: PaymentChange,
): { operationId: string; changed: number } {
  const sql = changes.db;
  const fields = checkChange(change, localDate(changes.now));
  const undo: Pick<
    DisbursementItemsTable,
    'id' | 'status' | 'not_paid_reason' | 'paid_date' | 'reference'
  >[] = [];
  for (const ids of chunks([...new Set(itemIds)], 500)) {
    const items = sql.all(
      qb
        .selectFrom('disbursement_items as i')
        .innerJoin('disbursement_periods as d', 'd.id', 'i.period_id')
        .select([
          'i.id',
          'i.household_id',
          'i.desa_code',
          'i.status',
          'i.not_paid_reason',
          'i.paid_date',
          'i.reference',
          'd.status as period_status',
          'd.label',
        ])
        .where('i.id', 'in', ids),
    );
    if (items.length !== ids.length) throw notFound('Sebagian data penyaluran');
    for (const item of items) {
      if (item.period_status !== 'dibuka')
        throw new AppFailure(
          'CONFLICT',
          `Periode "${item.label}" sudah ditutup. Perubahan hanya lewat koreksi oleh manajer.`,
        );
      assertInScope(scope, item.desa_code);
      const { period_status: _s, label: _l, household_id, desa_code: _d, ...before } = item;
      const changed = changes.about(household_id, () =>
        changes.update('disbursement_items', item.id, fields, 'disbursement.status'),
      );
      if (Object.keys(changed).length) undo.push(before);
    }
  }
  const operationId = newId();
  changes.insert(
    'operations',
    {
      id: operationId,
      kind: 'disbursement.status',
      summary: `${undo.length} penerima -> ${change.status}`,
      undo_json: JSON.stringify(undo),
      created_by: changes.actorId,
      undone_at: null,
      undone_by: null,
    } as never,
    'operations.record',
  );
  return { operationId, changed: undo.length };
}

export function undoStatus(changes: Changes, scope: Scope, operationId: string): { restored: number } {
  const sql = changes.db;
  const op = sql.first(qb.selectFrom('operations').selectAll().where('id', '=', operationId));
  if (!op || op.kind !== 'disbursement.status') throw notFound('Perubahan massal');
  if (op.undone_at) throw new AppFailure('CONFLICT', 'Perubahan ini sudah dibatalkan.');
  if (op.created_by !== changes.actorId)
    throw new AppFailure(
      'FORBIDDEN',
      'Hanya pengguna yang melakukan perubahan ini yang dapat membatalkannya.',
    );
  const before = JSON.parse(op.undo_json) as Pick<
    DisbursementItemsTable,
    'id' | 'status' | 'not_paid_reason' | 'paid_date' | 'reference'
  >[];
  for (const item of before) {
    const current = sql.first(
      qb
        .selectFrom('disbursement_items as i')
        .innerJoin('disbursement_periods as d', 'd.id', 'i.period_id')
        .select(['i.household_id', 'i.desa_code', 'd.status as period_status'])
        .where('i.id', '=', item.id),
    );
    if (!current) continue;
    if (current.period_status !== 'dibuka')
      throw new AppFailure(
        'CONFLICT',
        'Periodenya sudah ditutup; pembatalan tidak bisa lagi. Minta manajer membuat koreksi.',
      );
    assertInScope(scope, current.desa_code);
    const { id, ...fields } = item;
    changes.about(current.household_id, () =>
      changes.update('disbursement_items', id, fields, 'disbursement.undo'),
    );
  }
  changes.update(
    'operations',
    operationId,
    { undone_at: changes.now, undone_by: changes.actorId },
    'operations.undo',
  );
  return { restored: before.length };
}

/**
 * Closing seals what the period paid. `warnings` are its unchecked payments to people who died,
 * were removed or are inactive (core/signals): the close goes ahead only once someone has seen
 * them, and the trail says so.
 */
export function closePeriod(
  changes: Changes,
  id: string,
  warnings: { unchecked: number; acknowledged: boolean } = { unchecked: 0, acknowledged: false },
): void {
  const period = changes.db.first(qb.selectFrom('disbursement_periods').selectAll().where('id', '=', id));
  if (!period) throw notFound('Periode penyaluran');
  if (period.status === 'ditutup') throw new AppFailure('CONFLICT', 'Periode ini sudah ditutup.');
  if (warnings.unchecked > 0 && !warnings.acknowledged)
    throw new AppFailure(
      'CONFLICT',
      `Periode ini membayar ${warnings.unchecked} penerima yang sudah meninggal, dikeluarkan atau nonaktif, dan belum diperiksa. Periksa daftarnya di Sinyal kebocoran, atau tutup dengan menyatakan sudah membaca peringatan ini.`,
    );
  if (warnings.unchecked > 0)
    changes.note('disbursement.close_warned', 'disbursement_periods', id, { unchecked: warnings.unchecked });
  changes.update(
    'disbursement_periods',
    id,
    { status: 'ditutup', closed_by: changes.actorId, closed_at: changes.now },
    'disbursement.close_period',
  );
}

/** A closed period's item changed with a reason: the correction is kept beside the item. */
export function correctItem(
  changes: Changes,
  scope: Scope,
  itemId: string,
  change: PaymentChange & { amount?: number | undefined; reason: string },
): void {
  const sql = changes.db;
  const item = sql.first(
    qb
      .selectFrom('disbursement_items as i')
      .innerJoin('disbursement_periods as d', 'd.id', 'i.period_id')
      .selectAll('i')
      .select('d.status as period_status')
      .where('i.id', '=', itemId),
  );
  if (!item) throw notFound('Data penyaluran');
  assertInScope(scope, item.desa_code);
  if (item.period_status !== 'ditutup')
    throw new AppFailure('CONFLICT', 'Periode masih dibuka: ubah statusnya langsung, tidak perlu koreksi.');
  const fields = {
    ...checkChange(change, localDate(changes.now)),
    ...(change.amount !== undefined ? { amount: change.amount } : {}),
  };
  changes.about(item.household_id, () => {
    const diff = changes.update('disbursement_items', itemId, fields, 'disbursement.correct');
    if (!Object.keys(diff).length) throw new AppFailure('VALIDATION', 'Koreksi ini tidak mengubah apa pun.');
    changes.insert(
      'disbursement_corrections',
      {
        id: newId(),
        item_id: itemId,
        period_id: item.period_id,
        changes_json: JSON.stringify(diff),
        reason: change.reason,
        corrected_by: changes.actorId,
      } as never,
      'disbursement.correct',
    );
  });
}

export function getPayment(sql: Sql, regions: RegionNames, id: string): PaymentView {
  const row = sql.first(itemQuery().where('i.id', '=', id)) as ItemRow | undefined;
  if (!row) throw notFound('Data penyaluran');
  return toPaymentView(regions, row);
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
