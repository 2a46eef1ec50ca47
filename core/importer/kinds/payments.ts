import { localDate } from '../../../common/format.ts';
import { qb } from '../../../db/sql.ts';
import type { DisbursementItemsTable, PaymentStatus } from '../../../db/schema.ts';
import { AppFailure } from '../../../common/errors.ts';
import { cellText } from '../cells.ts';
import type { ImportRow } from '../rows.ts';
import { amountFromCell, dateFromCell, idFromCell } from '../values.ts';
import type { KindProcessor, ProcessorContext } from './types.ts';

const PAID = new Set([
  'TERSALURKAN',
  'SALUR',
  'SUDAH',
  'SUKSES',
  'BERHASIL',
  'SELESAI',
  'DIAMBIL',
  'SUDAHTERSALUR',
  'TERSALUR',
  'OK',
  '1',
  'Y',
  'YA',
]);
const UNPAID = new Set([
  'BELUM',
  'BELUMTERSALURKAN',
  'BELUMTERSALUR',
  'GAGAL',
  'TIDAK',
  'PENDING',
  'TIDAKDIAMBIL',
  '0',
  'N',
]);
const RETURNED = new Set(['DIKEMBALIKAN', 'KEMBALI', 'RETUR', 'REFUND', 'RETURN', 'DIKEMBALIKANKEKASNEGARA']);

type ItemRow = Pick<
  DisbursementItemsTable,
  | 'id'
  | 'household_id'
  | 'desa_code'
  | 'amount'
  | 'status'
  | 'not_paid_reason'
  | 'paid_date'
  | 'reference'
  | 'version'
>;

/**
 * Bank or Pos results for an open period: each row is matched to the period's recipient by
 * NIK (or KK) and sets its status, date and reference. The period's list itself never changes.
 */
export class PaymentsProcessor implements KindProcessor {
  private readonly seen = new Map<string, number>();
  private readonly period: { id: string; label: string };

  constructor(private readonly ctx: ProcessorContext) {
    const periodId = ctx.options.periodId;
    const period = periodId
      ? ctx.sql.first(
          qb.selectFrom('disbursement_periods').select(['id', 'label', 'status']).where('id', '=', periodId),
        )
      : undefined;
    if (!period)
      throw new AppFailure('VALIDATION', 'Pilih periode penyaluran yang dibuka untuk hasil bank/Pos ini.');
    if (period.status !== 'dibuka')
      throw new AppFailure(
        'CONFLICT',
        `Periode "${period.label}" sudah ditutup. Hasil hanya dapat diimpor ke periode yang masih dibuka.`,
      );
    this.period = period;
  }

  private find(row: ImportRow): ItemRow | undefined {
    const base = () =>
      qb
        .selectFrom('disbursement_items')
        .select([
          'id',
          'household_id',
          'desa_code',
          'amount',
          'status',
          'not_paid_reason',
          'paid_date',
          'reference',
          'version',
        ])
        .where('period_id', '=', this.period.id);
    const nik = idFromCell(row.get('nik'), 'NIK');
    if (nik.ok && nik.value) {
      const item = this.ctx.sql.first(base().where('recipient_nik', '=', nik.value));
      if (item) return item;
    } else if (!nik.ok) row.problem('nik', 'error', nik.code, nik.message);
    const kk = idFromCell(row.get('kk'), 'No. KK');
    if (kk.ok && kk.value) return this.ctx.sql.first(base().where('kk_number', '=', kk.value));
    if (!kk.ok) row.problem('kk', 'error', kk.code, kk.message);
    return undefined;
  }

  process(row: ImportRow): void {
    const { ctx } = this;
    const item = this.find(row);
    if (row.errored) return;
    if (!item) {
      row.problem(
        row.has('nik') ? 'nik' : 'kk',
        'error',
        'NOT_IN_PERIOD',
        `Tidak ada penerima dengan NIK/KK ini di periode "${this.period.label}". Periksa NIK-nya, atau periode yang dipilih.`,
      );
      return;
    }
    if (ctx.registry.scope.desaCodes && !ctx.registry.scope.desaCodes.has(item.desa_code)) {
      row.problem('nik', 'error', 'OUT_OF_AREA', 'Penerima ini di luar wilayah kerja Anda.');
      return;
    }
    const earlier = this.seen.get(item.id);
    if (earlier) {
      row.problem('nik', 'error', 'TWICE_IN_FILE', `Penerima yang sama sudah ada di baris ${earlier}.`);
      return;
    }
    this.seen.set(item.id, row.n);
    const statusWord = cellText(row.get('status'))
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '');
    const status: PaymentStatus | null = PAID.has(statusWord)
      ? 'tersalurkan'
      : UNPAID.has(statusWord)
        ? 'belum'
        : RETURNED.has(statusWord)
          ? 'dikembalikan'
          : null;
    if (!status) {
      row.problem(
        'status',
        'error',
        'STATUS',
        `Status "${cellText(row.get('status'))}" tidak dikenal. Gunakan TERSALURKAN, BELUM TERSALURKAN atau DIKEMBALIKAN.`,
      );
      return;
    }
    const amount = amountFromCell(row.get('amount'));
    if (!amount.ok) row.problem('amount', 'error', amount.code, amount.message);
    else if (amount.value !== null && amount.value !== item.amount) {
      row.problem(
        'amount',
        'warning',
        'AMOUNT_DIFFERS',
        `Nominal di berkas (${amount.value}) berbeda dengan daftar penyaluran (${item.amount}). Status tetap dicatat; periksa selisihnya.`,
      );
    }
    const date = dateFromCell(row.get('date'), ctx.registry.today);
    if (!date.ok) row.problem('date', 'error', date.code, date.message);
    if (row.errored) return;
    const today = localDate(ctx.registry.today);
    const paidDate = status === 'tersalurkan' ? (date.ok && date.value) || today : null;
    if (paidDate && paidDate > today) {
      row.problem('date', 'error', 'DATE_FUTURE', 'Tanggal penyaluran belum terjadi.');
      return;
    }
    const reason = row.text('reason') || null;
    const patch = {
      status,
      paid_date: paidDate,
      not_paid_reason:
        status === 'tersalurkan'
          ? null
          : (reason ??
            (status === 'belum' ? 'Belum tersalurkan (hasil bank/Pos)' : 'Dikembalikan (hasil bank/Pos)')),
      reference: row.text('reference') || item.reference,
    };
    const before = {
      status: item.status,
      paid_date: item.paid_date,
      not_paid_reason: item.not_paid_reason,
      reference: item.reference,
    };
    if (Object.entries(patch).every(([k, v]) => before[k as keyof typeof before] === v)) {
      ctx.counts.unchanged++;
      return;
    }
    ctx.write((changes) =>
      changes.about(item.household_id, () =>
        changes.update('disbursement_items', item.id, patch, 'import.payment'),
      ),
    );
    ctx.updated('disbursement_items', item.id, before, item.version + 1);
    ctx.counts.updated++;
  }

  finish(): void {}
}
