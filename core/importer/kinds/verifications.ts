import { AppFailure } from '../../../common/errors.ts';
import { localDate } from '../../../common/format.ts';
import { qb } from '../../../db/sql.ts';
import { cellText } from '../cells.ts';
import type { ImportRow } from '../rows.ts';
import { dateFromCell, DateOrder, idFromCell } from '../values.ts';
import type { KindProcessor, ProcessorContext } from './types.ts';

const LAYAK = new Set(['LAYAK', 'MEMENUHI', 'MEMENUHISYARAT', 'YA', 'Y', '1', 'TETAP', 'DIUSULKAN']);
const TIDAK = new Set([
  'TIDAKLAYAK',
  'TIDAKMEMENUHI',
  'TIDAK',
  'T',
  '0',
  'N',
  'MAMPU',
  'SUDAHMAMPU',
  'DIKELUARKAN',
]);

/**
 * Field results typed into a spreadsheet after a village meeting: each row finds the family's
 * open verification (by KK, or by a member's NIK) and records the visit and the outcome as
 * submitted, waiting for a manager's approval like any other.
 */
export class VerificationsProcessor implements KindProcessor {
  private readonly dateOrder = new DateOrder('Tanggal kunjungan');
  constructor(private readonly ctx: ProcessorContext) {}

  private household(row: ImportRow): string | undefined {
    const kk = idFromCell(row.get('kk'), 'No. KK');
    if (!kk.ok) row.problem('kk', 'error', kk.code, kk.message);
    else if (kk.value) {
      const h = this.ctx.sql.first(
        qb
          .selectFrom('households')
          .select('id')
          .where('kk_number', '=', kk.value)
          .where('deleted_at', 'is', null),
      );
      if (h) return h.id;
    }
    const nik = idFromCell(row.get('nik'), 'NIK');
    if (!nik.ok) row.problem('nik', 'error', nik.code, nik.message);
    else if (nik.value)
      return this.ctx.sql.first(
        qb
          .selectFrom('people')
          .select('household_id as id')
          .where('nik', '=', nik.value)
          .where('deleted_at', 'is', null),
      )?.id;
    return undefined;
  }

  process(row: ImportRow): void {
    const { ctx } = this;
    // The day of the visit is the file's to say (a column, or one value for the whole file).
    if (!row.has('visitDate'))
      throw new AppFailure(
        'VALIDATION',
        'Tanggal kunjungan tidak ada di berkas. Petakan kolom tanggal kunjungan atau tanggal Musdes/Muskel (misalnya TGL MUSDES), atau isi satu tanggal untuk seluruh berkas (tanggal-bulan-tahun). Tanggal hari ini tidak dipakai sebagai tanggal kunjungan.',
      );
    const householdId = this.household(row);
    if (row.errored) return;
    if (!householdId) {
      row.problem(
        row.has('kk') ? 'kk' : 'nik',
        'error',
        'NOT_FOUND',
        'Keluarga dengan KK/NIK ini tidak terdaftar.',
      );
      return;
    }
    const open = ctx.sql.first(
      qb
        .selectFrom('verifications')
        .selectAll()
        .where('household_id', '=', householdId)
        .where('status', '!=', 'terverifikasi')
        .orderBy('created_at', 'desc'),
    );
    if (!open) {
      row.problem(
        'kk',
        'error',
        'NO_WORKLIST',
        'Keluarga ini tidak ada di daftar verifikasi yang terbuka. Buat daftar verifikasi desanya dulu.',
      );
      return;
    }
    if (ctx.registry.scope.desaCodes && !ctx.registry.scope.desaCodes.has(open.desa_code)) {
      row.problem('kk', 'error', 'OUT_OF_AREA', 'Keluarga ini di luar wilayah kerja Anda.');
      return;
    }
    if (open.submitted_at && open.approval !== 'dikembalikan') {
      row.problem(
        'outcome',
        'warning',
        'ALREADY_SUBMITTED',
        'Hasil verifikasi keluarga ini sudah diajukan; baris dilewati.',
      );
      ctx.counts.skipped++;
      return;
    }
    const word = cellText(row.get('outcome'))
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '');
    const outcome: 'layak' | 'tidak_layak' | null = LAYAK.has(word)
      ? 'layak'
      : TIDAK.has(word)
        ? 'tidak_layak'
        : null;
    if (!outcome)
      row.problem(
        'outcome',
        'error',
        'OUTCOME',
        `Hasil "${cellText(row.get('outcome'))}" tidak dikenal. Gunakan LAYAK atau TIDAK LAYAK.`,
      );
    const reason = row.text('reason');
    if (!reason) row.problem('reason', 'error', 'REASON', 'Alasan kosong. Tuliskan alasan hasil verifikasi.');
    const visitDate = this.visitDate(row);
    if (row.errored || !visitDate) return;
    const patch = {
      status: 'sedang_ditinjau' as const,
      visit_date: visitDate,
      findings: row.text('findings') || open.findings,
      outcome,
      outcome_reason: reason,
      submitted_by: ctx.registry.scope.userId,
      submitted_at: ctx.registry.today.toISOString(),
      approval: null,
      approval_note: null,
    };
    ctx.write((changes) =>
      changes.about(householdId, () =>
        changes.update('verifications', open.id, patch, 'import.verification'),
      ),
    );
    ctx.counts.updated++;
  }

  /**
   * The day of the visit or the village meeting, from the row or the value for the whole file;
   * never the day of the import, which is not when anyone was visited (the outside probe's
   * Musdes file was stored with the import's day without a word). A file that gives no date at
   * all is refused as a whole; an empty, impossible or future date is an error on its row.
   */
  private visitDate(row: ImportRow): string | null {
    const { today } = this.ctx.registry;
    this.dateOrder.observe(row.get('visitDate'), row.n);
    const date = dateFromCell(row.get('visitDate'), today, 'event');
    if (!date.ok) {
      row.problem('visitDate', 'error', date.code, date.message);
      return null;
    }
    if (!date.value) {
      row.problem(
        'visitDate',
        'error',
        'VISIT_DATE_MISSING',
        'Tanggal kunjungan kosong. Isi tanggal kunjungan atau tanggal Musdes (tanggal-bulan-tahun).',
      );
      return null;
    }
    if (date.value > localDate(today)) {
      row.problem(
        'visitDate',
        'error',
        'DATE_FUTURE',
        `Tanggal kunjungan ${date.value} belum terjadi. Periksa tanggalnya (tanggal-bulan-tahun).`,
      );
      return null;
    }
    return date.value;
  }

  finish(): void {
    const refusal = this.dateOrder.refusal();
    if (refusal) throw refusal;
  }
}
