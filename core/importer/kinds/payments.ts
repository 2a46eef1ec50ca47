import { maskIdNumber } from '../../../common/domain/idNumbers.ts';
import {
  ENROLMENT_STATUS_LABELS,
  PERSON_STATUS_LABELS,
  periodAmount,
} from '../../../common/domain/registry.ts';
import { AppFailure } from '../../../common/errors.ts';
import { formatDateId, formatRupiah, localDate, MONTHS_ID } from '../../../common/format.ts';
import { qb, reusable } from '../../../db/sql.ts';
import type { Channel, DisbursementItemsTable, PaymentStatus, ProgramsTable } from '../../../db/schema.ts';
import { newId } from '../../ids.ts';
import { MAX_RUPIAH, parseRupiah, rupiahProblemMessage } from '../../../common/domain/money.ts';
import { namesOnePerson } from '../../../common/domain/names.ts';
import { cellText, type Cell } from '../cells.ts';
import type { ImportRow } from '../rows.ts';
import { dateFromCell, DateOrder, idFromCell } from '../values.ts';
import { householdById, householdByKk } from './lookups.ts';
import type { ImportSummary, KindProcessor, ProcessorContext } from './types.ts';

/**
 * Result words as banks, PT Pos and SIKS-NG write them (DOMAIN.md, "Code lists in real files"),
 * compared without case, spaces or punctuation. "GAGAL - KKS TIDAK AKTIF" is GAGAL with its
 * reason after the dash.
 */
const STATUS_WORDS = new Map<string, PaymentStatus>();
const words = (status: PaymentStatus, list: string[]) => {
  for (const w of list) STATUS_WORDS.set(w, status);
};
words('tersalurkan', [
  'SUKSES',
  'SUKSESSALUR',
  'SUKSESTRANSAKSI',
  'SUDAHSALUR',
  'SUDAHTRANSAKSI',
  'SUDAHTERSALUR',
  'SUDAHTERSALURKAN',
  'SUDAHDISALURKAN',
  'SUDAHDIAMBIL',
  'SUDAHCAIR',
  'BERHASIL',
  'TRANSAKSIBERHASIL',
  'TERSALURKAN',
  'TERSALUR',
  'SALUR',
  'SUDAH',
  'SELESAI',
  'DIAMBIL',
  'CAIR',
  'OK',
  '1',
  'Y',
  'YA',
]);
words('belum', [
  'BELUM',
  'BELUMSALUR',
  'BELUMTRANSAKSI',
  'BELUMTERSALUR',
  'BELUMTERSALURKAN',
  'BELUMDISALURKAN',
  'BELUMDIAMBIL',
  'BELUMCAIR',
  'BELUMSUKSES',
  'BELUMBERHASIL',
  'GAGAL',
  'GAGALSALUR',
  'GAGALTRANSAKSI',
  'GAGALTERSALUR',
  'GAGALTERSALURKAN',
  'GAGALDISALURKAN',
  'GAGALCAIR',
  'TIDAKTERSALURKAN',
  'TIDAKTERSALUR',
  'TIDAKDIAMBIL',
  'TIDAKSUKSES',
  'TIDAKBERHASIL',
  'TIDAKCAIR',
  'TIDAK',
  'PENDING',
  '0',
  'N',
]);
words('dikembalikan', ['DIKEMBALIKAN', 'DIKEMBALIKANKEKASNEGARA', 'KEMBALI', 'RETUR', 'RETURN', 'REFUND']);

/** The words a clerk is told to use when a status is not recognised. */
const ACCEPTED_WORDS =
  'SUKSES, SUKSES SALUR, SUDAH SALUR, SUDAH TRANSAKSI, BERHASIL atau TERSALURKAN (sudah diterima); BELUM SALUR, BELUM TRANSAKSI, BELUM TERSALURKAN, GAGAL atau GAGAL - alasannya (belum diterima); DIKEMBALIKAN atau RETUR (dikembalikan)';

/**
 * Words that, anywhere in a status, say the money did not (all) reach the recipient: a failure
 * or a "not", a removal reason (DOMAIN.md: PINDAH, MENINGGAL, DATA GANDA, SUDAH MAMPU, DOUBLE
 * BANSOS), a blocked account. Such a status is never read as paid.
 */
const NOT_PAID =
  /^(GAGAL|TIDAK|TDK|TAK|BELUM|BLM|BUKAN|NON|BATAL|DIBATALKAN|PEMBATALAN|TOLAK|DITOLAK|PENOLAKAN|PENDING|TUNDA|TERTUNDA|DITUNDA|ERROR|EROR|FAIL|FAILED|REJECT|REJECTED|MENINGGAL|WAFAT|MATI|ALM|ALMARHUM|ALMARHUMAH|PINDAH|PINDAHAN|MAMPU|GRADUASI|GANDA|DOBEL|DOUBLE|HILANG|BLOKIR|DIBLOKIR|TERBLOKIR|BEKU|DIBEKUKAN|PASIF|NONAKTIF|TUTUP|DITUTUP|SALAH|HANGUS|KADALUARSA|KEDALUWARSA|EXPIRED|CORET|DICORET|KELUAR|MASALAH|BERMASALAH|SUSPEND|DIALIHKAN)$/;
/** Returned to the bank or the state treasury. */
const RETURNED = /^(DI)?(RETUR|RETURN|REFUND|KEMBALI|KEMBALIKAN)$|^RETURKAN$/;
/** Part of the money only: the app records a payment whole or not at all. */
const PARTIAL = /^(SEBAGIAN|PARSIAL|PARTIAL|KURANG|SISA|SEPARUH|SETENGAH|CICIL|DICICIL|CICILAN|NYICIL)$/;
/** Words that on their own say the money was received. */
const PAID =
  /^(SUKSES|BERHASIL|TERSALURKAN|TERSALUR|DISALURKAN|CAIR|DICAIRKAN|TERBAYAR|DIBAYAR|DIBAYARKAN|LUNAS|DITERIMA|DIAMBIL|TRANSAKSI)$/;
/** Words that negate the word after them ("TIDAK TERSALURKAN"). */
const NEGATOR = /^(TIDAK|TDK|TAK|BELUM|BLM|BUKAN|NON)$/;
/** Paid words that say little alone ("SUDAH", "SALUR"): what follows them decides. */
const WEAK_PAID = new Set(['SUDAH', 'SALUR', 'SELESAI', 'OK', 'Y', 'YA', '1']);

export type PaymentStatusRead =
  | { status: PaymentStatus; word: string; reason: string | null }
  | { problem: { code: string; message: string } };

const WRITE_ONE =
  'Tanyakan hasil sebenarnya ke bank/Pos, lalu tulis satu status saja: SUKSES bila bantuan sudah diterima penuh, GAGAL - alasannya bila belum diterima, atau RETUR bila dikembalikan. Catatan lain tulis di kolom KETERANGAN.';

/**
 * The status a cell names and the reason written after it. A status is paid only when the
 * whole text is a paid word ("SUKSES", "Sudah-Salur"): a word of failure, removal, return or
 * part payment anywhere in it ("Sudah meninggal", "Salur gagal", "Sukses Retur", "Tersalur
 * sebagian") never reads as paid. A not-paid word first ("BELUM SALUR", "GAGAL - KKS TIDAK
 * AKTIF") gives not paid with the rest as the reason ("BELUM SALUR" before "BELUM": the longest
 * run of leading words wins; a one- or two-letter code such as "Y" or "OK" must stand alone). A
 * bare "SUDAH"/"SALUR" followed by a failure or removal ("Sudah meninggal") is not paid, with
 * the whole text as the reason. Anything mixed (a clear paid word with a failure or a return)
 * or with part payment, or a paid word followed by other words, is a problem to show the clerk;
 * null when no status word is found at all.
 */
export function paymentStatusOf(text: string): PaymentStatusRead | null {
  const found = [...text.matchAll(/[A-Za-z0-9]+/g)];
  const tokens = found.map((w) => w[0].toUpperCase());
  if (tokens.length === 0) return null;
  const whole = STATUS_WORDS.get(tokens.join(''));
  if (whole) return { status: whole, word: tokens.join(''), reason: null };
  const shown = text.trim();
  const partial = tokens.find((t) => PARTIAL.test(t));
  if (partial)
    return {
      problem: {
        code: 'STATUS_PARTIAL',
        message: `Status "${shown}" berarti bantuan hanya diterima sebagian ("${partial.toLowerCase()}"), dan penyaluran dicatat utuh atau tidak sama sekali, jadi baris ini tidak dibaca. Bila bantuan belum diterima penuh, tulis BELUM TERSALURKAN dan jelaskan kekurangannya di kolom KETERANGAN; bila sudah diterima penuh, tulis SUKSES.`,
      },
    };
  const negated = (i: number) => i > 0 && NEGATOR.test(tokens[i - 1]!);
  const paidAt = (from: number) => tokens.findIndex((t, i) => i >= from && PAID.test(t) && !negated(i));
  const notPaidAt = tokens.findIndex((t) => NOT_PAID.test(t));
  const returnedAt = tokens.findIndex((t) => RETURNED.test(t));
  const mixed = (paidWord: string, otherWord: string): PaymentStatusRead => ({
    problem: {
      code: 'STATUS_MIXED',
      message: `Status "${shown}" bercampur: "${paidWord}" berarti sudah diterima, tetapi "${otherWord}" berarti ${RETURNED.test(otherWord.toUpperCase()) ? 'dikembalikan' : 'tidak diterima'}. ${WRITE_ONE}`,
    },
  });
  const wholeText = (status: PaymentStatus, word: string): PaymentStatusRead => ({
    status,
    word,
    reason: shown.replace(/[\s.]+$/, '') || null,
  });

  const lead = leadingStatus(tokens, tokens.length - 1);

  if (lead && lead.status !== 'tersalurkan') {
    const paid = paidAt(lead.n);
    if (paid >= 0) return mixed(found[paid]![0], found[0]![0]);
    const last = found[lead.n - 1]!;
    const rest = text
      .slice(last.index + last[0].length)
      .replace(/^[\s\-–—:;,.()[\]/]+/, '')
      .replace(/[\s)\].]+$/, '')
      .trim();
    return { status: lead.status, word: lead.key, reason: rest || null };
  }
  const against = notPaidAt >= 0 ? notPaidAt : returnedAt;
  if (lead) {
    // A paid word with more after it.
    const strong = !WEAK_PAID.has(lead.key);
    if (against < 0)
      return {
        problem: {
          code: 'STATUS_UNCLEAR',
          message: `Status "${shown}" tidak jelas: "${found
            .slice(0, lead.n)
            .map((w) => w[0])
            .join(' ')}" berarti sudah diterima, tetapi ada tambahan "${found
            .slice(lead.n)
            .map((w) => w[0])
            .join(
              ' ',
            )}". Bila bantuan sudah diterima penuh, tulis SUKSES saja dan pindahkan catatannya ke kolom KETERANGAN; bila belum, tulis GAGAL - alasannya.`,
        },
      };
    const paid = strong
      ? found
          .slice(0, lead.n)
          .map((w) => w[0])
          .join(' ')
      : found[paidAt(lead.n)]?.[0];
    if (paid) return mixed(paid, found[against]![0]);
  } else {
    if (against < 0) return null;
    const paid = paidAt(0);
    if (paid >= 0) return mixed(found[paid]![0], found[against]![0]);
  }
  // "Sudah meninggal", "Salur gagal", "KPM pindah": not paid, said in the whole text.
  return returnedAt >= 0 && notPaidAt < 0
    ? wholeText('dikembalikan', tokens[returnedAt]!)
    : wholeText('belum', tokens[notPaidAt]!);
}

/**
 * The longest run of at most `most` leading words that is a known status ("BELUM SALUR" before
 * "BELUM"); a one- to three-letter code ("Y", "OK", "1") does not count.
 */
function leadingStatus(
  tokens: string[],
  most: number,
): { status: PaymentStatus; key: string; n: number } | null {
  for (let n = most; n >= 1; n--) {
    const key = tokens.slice(0, n).join('');
    const status = STATUS_WORDS.get(key);
    if (status && key.length >= 4) return { status, key, n };
  }
  return null;
}

/**
 * A cell that starts with a payment status word ("SUKSES", "GAGAL - KKS TERBLOKIR", "BELUM
 * TRANSAKSI", "RETUR"): what a column of bank results holds. Import inspection asks about a
 * column of them that is not read as the status. A reason alone ("PINDAH", "Rekening pasif")
 * or a bare code ("1", "Y") is not one.
 */
export function looksLikePaymentStatus(text: string): boolean {
  const tokens = [...text.matchAll(/[A-Za-z0-9]+/g)].map((w) => w[0].toUpperCase());
  return leadingStatus(tokens, tokens.length) !== null;
}

/**
 * An amount as bank and Pos files write it, read as forms read it (common/domain/money.ts):
 * "Rp 400.000,-", "400.000.-" and a thousands comma "400,000" are 400.000; sen are refused.
 */
function amountFromFile(
  cell: Cell,
): { ok: true; value: number | null } | { ok: false; code: string; message: string } {
  if (!cell) return { ok: true, value: null };
  if (cell.t === 'n') {
    if (!Number.isInteger(cell.v))
      return { ok: false, code: 'AMOUNT_DECIMAL', message: rupiahProblemMessage('decimal', String(cell.v)) };
    if (cell.v < 0) return { ok: false, code: 'AMOUNT_NEGATIVE', message: 'Nominal tidak boleh negatif.' };
    if (cell.v > MAX_RUPIAH)
      return {
        ok: false,
        code: 'AMOUNT_TOO_LARGE',
        message: rupiahProblemMessage('tooLarge', String(cell.v)),
      };
    return { ok: true, value: cell.v };
  }
  const written = cellText(cell);
  const read = parseRupiah(written);
  if (read.ok) return read;
  if (read.problem === 'empty') return { ok: true, value: null };
  const code = { decimal: 'AMOUNT_DECIMAL', tooLarge: 'AMOUNT_TOO_LARGE', invalid: 'AMOUNT_FORMAT' }[
    read.problem
  ];
  return { ok: false, code, message: rupiahProblemMessage(read.problem, written) };
}

type ItemRow = Pick<
  DisbursementItemsTable,
  | 'id'
  | 'household_id'
  | 'person_id'
  | 'enrolment_id'
  | 'desa_code'
  | 'amount'
  | 'status'
  | 'not_paid_reason'
  | 'paid_date'
  | 'reference'
  | 'version'
  | 'recipient_name'
  | 'recipient_nik'
>;

const ITEM_COLUMNS = [
  'id',
  'household_id',
  'person_id',
  'enrolment_id',
  'desa_code',
  'amount',
  'status',
  'not_paid_reason',
  'paid_date',
  'reference',
  'version',
  'recipient_name',
  'recipient_nik',
] as const;

// The lookups every row makes, compiled once (see `reusable`).
const itemByNik = reusable((periodId: string, nik: string) =>
  qb
    .selectFrom('disbursement_items')
    .select(ITEM_COLUMNS)
    .where('period_id', '=', periodId)
    .where('recipient_nik', '=', nik),
);
const itemByKk = reusable((periodId: string, kk: string) =>
  qb
    .selectFrom('disbursement_items')
    .select(ITEM_COLUMNS)
    .where('period_id', '=', periodId)
    .where('kk_number', '=', kk),
);
const itemByHousehold = reusable((periodId: string, householdId: string) =>
  qb
    .selectFrom('disbursement_items')
    .select(ITEM_COLUMNS)
    .where('period_id', '=', periodId)
    .where('household_id', '=', householdId),
);
const itemByEnrolment = reusable((periodId: string, enrolmentId: string) =>
  qb
    .selectFrom('disbursement_items')
    .select(ITEM_COLUMNS)
    .where('period_id', '=', periodId)
    .where('enrolment_id', '=', enrolmentId),
);
/** Every person with this NIK, the live one first (a removed one still explains the refusal). */
const peopleByNik = reusable((nik: string) =>
  qb
    .selectFrom('people')
    .select([
      'id',
      'household_id',
      'name',
      'nik',
      'relationship',
      'status',
      'status_reason',
      'deleted_at',
      'deleted_reason',
    ])
    .where('nik', '=', nik)
    .orderBy('deleted_at')
    .limit(1),
);
const enrolmentsOf = reusable((programId: string, householdId: string) =>
  qb
    .selectFrom('enrolments as e')
    .leftJoin('program_components as c', 'c.id', 'e.component_id')
    .leftJoin('people as p', 'p.id', 'e.person_id')
    .select([
      'e.id',
      'e.person_id',
      'e.status',
      'e.channel',
      'c.amount',
      'c.amount_unit',
      'p.status as person_status',
      'p.deleted_at as person_deleted',
    ])
    .where('e.program_id', '=', programId)
    .where('e.household_id', '=', householdId)
    .where('e.deleted_at', 'is', null)
    .orderBy('e.id'),
);
const activeMembers = reusable((householdId: string) =>
  qb
    .selectFrom('people')
    .select(['id', 'name', 'nik', 'sex', 'relationship'])
    .where('household_id', '=', householdId)
    .where('deleted_at', 'is', null)
    .where('status', '=', 'aktif')
    .orderBy('row_no'),
);

/** Members who may stand for their family in a bank file (see `find`). */
const PAYEE_RELATIONSHIPS = new Set(['kepala_keluarga', 'istri', 'suami']);

type Household = { id: string; kk_number: string | null; desa_code: string };
type Recipient = { id: string; name: string; nik: string | null };

/** At most this many entries per summary list; `total` still counts them all. */
const LIST_LIMIT = 200;

/**
 * Months after a period's last month in which a payment for it is still believable (late and
 * "rapel" payments); a paid date later than that, or before the period starts, is warned about.
 */
const LATE_MONTHS = 3;

/** The ISO date of the first (or last) day of month `index` (year * 12 + month - 1). */
function monthDay(index: number, last: boolean): string {
  const year = Math.floor(index / 12);
  const month = index % 12;
  const day = last ? new Date(Date.UTC(year, month + 1, 0)).getUTCDate() : 1;
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A paid-date column holding a date that can only be month first ("11/28/2026") and one that can
 * only be day first ("15/01/2025"): its dates that read both ways ("12/03/2026") cannot be told,
 * and DateOrder (which trusts one day-first date) would read them day first, half of them wrong.
 */
class MixedDateOrder {
  private monthFirst: { row: number; text: string } | null = null;
  private dayFirst: { row: number; text: string } | null = null;
  private eitherWay: { row: number; text: string } | null = null;
  private count = 0;

  observe(cell: Cell, row: number): void {
    if (!cell || cell.t !== 's') return;
    const m = /(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?!\d)/.exec(cell.v);
    if (!m) return;
    const [a, b] = [Number(m[1]), Number(m[2])];
    const seen = { row, text: cell.v.trim() };
    if (a > 12 && b <= 12) this.dayFirst ??= seen;
    else if (b > 12 && a <= 12) this.monthFirst ??= seen;
    else if (a !== b && a <= 12 && b <= 12 && this.count++ === 0) this.eitherWay = { row, text: m[0] };
  }

  refusal(column: string): AppFailure | null {
    if (!this.monthFirst || !this.dayFirst || !this.eitherWay) return null;
    const { eitherWay: e, monthFirst: mf, dayFirst: df } = this;
    const [a, b, year] = e.text.split(/[-/.]/).map(Number) as [number, number, number];
    const month = (n: number) => MONTHS_ID[n - 1] ?? String(n);
    return new AppFailure(
      'VALIDATION',
      `Kolom ${column} mencampur dua urutan tanggal: baris ${mf.row} berisi "${mf.text}" (hanya bisa bulan/tanggal/tahun), baris ${df.row} berisi "${df.text}" (hanya bisa tanggal/bulan/tahun). ${this.count.toLocaleString('id-ID')} tanggal di kolom ini bisa dibaca dua arah (misalnya "${e.text}" di baris ${e.row}: ${a} ${month(b)} atau ${b} ${month(a)} ${year}), jadi berkas tidak diimpor agar tidak tercatat separuh tertukar. Samakan semua tanggal di kolom ${column} menjadi tanggal-bulan-tahun (misalnya 17-08-2026), simpan, lalu impor ulang.`,
    );
  }
}

interface Period {
  id: string;
  label: string;
  months: number;
  /** The first day of the period, its last day, and the last believable day of a late payment. */
  from: string;
  to: string;
  late: string;
  program: Pick<ProgramsTable, 'id' | 'code' | 'name' | 'target' | 'default_channel'>;
}

/**
 * A file for an open disbursement period, in one of two shapes:
 * - bank, Pos or SIKS-NG results (a status column): each row is matched to the period's
 *   recipient by NIK (or KK) and sets its status, date and reference;
 * - the period's planned list (no status column: SIKS-NG "tugas salur", the office's daftar
 *   nominatif): each registered, enrolled, living recipient not yet in the period is added to
 *   it with the programme's amount, as opening the period would have listed them. A file with
 *   paid dates but no status column is refused: it is results whose status went unread.
 * Either way the summary says what matched and what did not, with the totals.
 */
export class PaymentsProcessor implements KindProcessor {
  private readonly period: Period;
  /** Item (or, for a planned list, recipient key) -> the row that named it first. */
  private readonly seen = new Map<string, number>();
  private mode: 'results' | 'planned' | null = null;
  /** A planned list's first row with a paid date: the file is a bank's results without a status. */
  private datedRow: { row: number; column: string } | null = null;
  private readonly dateOrder = new DateOrder('Tanggal penyaluran');
  private readonly mixedOrder = new MixedDateOrder();
  private dateColumn = 'Tanggal penyaluran';
  private amountColumn = false;
  private readonly tally = {
    matched: 0,
    paid: 0,
    unpaid: 0,
    returned: 0,
    fileAmount: 0,
    fileAmountMatched: 0,
    periodAmountMatched: 0,
    added: 0,
    addedAmount: 0,
    already: 0,
    notFound: 0,
    refused: 0,
  };
  private readonly notInPeriod: string[] = [];
  private readonly notFound: string[] = [];
  private readonly refused: string[] = [];
  /** The period's list before this file (read at the first row, inside the transaction). */
  private before: { items: number; amount: number } | null = null;

  constructor(private readonly ctx: ProcessorContext) {
    const periodId = ctx.options.periodId;
    const period = periodId
      ? ctx.sql.first(
          qb
            .selectFrom('disbursement_periods as d')
            .innerJoin('programs as p', 'p.id', 'd.program_id')
            .select([
              'd.id',
              'd.label',
              'd.status',
              'd.months',
              'd.year',
              'd.start_month',
              'p.id as program_id',
              'p.code',
              'p.name',
              'p.target',
              'p.default_channel',
            ])
            .where('d.id', '=', periodId),
        )
      : undefined;
    if (!period)
      throw new AppFailure('VALIDATION', 'Pilih periode penyaluran yang dibuka untuk hasil bank/Pos ini.');
    if (period.status !== 'dibuka')
      throw new AppFailure(
        'CONFLICT',
        `Periode "${period.label}" sudah ditutup. Hasil hanya dapat diimpor ke periode yang masih dibuka.`,
      );
    const first = period.year * 12 + period.start_month - 1;
    const last = first + Math.max(period.months, 1) - 1;
    this.period = {
      id: period.id,
      label: period.label,
      months: period.months,
      from: monthDay(first, false),
      to: monthDay(last, true),
      late: monthDay(last + LATE_MONTHS, true),
      program: {
        id: period.program_id,
        code: period.code,
        name: period.name,
        target: period.target,
        default_channel: period.default_channel,
      },
    };
  }

  process(row: ImportRow): void {
    if (!this.mode) {
      this.mode = row.has('status') ? 'results' : 'planned';
      this.amountColumn = row.has('amount');
    }
    this.before ??= this.periodTotals();
    const amount = amountFromFile(row.get('amount'));
    if (amount.ok && amount.value !== null) this.tally.fileAmount += amount.value;
    if (this.mode === 'results') this.result(row);
    else {
      if (!this.datedRow && row.text('date'))
        this.datedRow = { row: row.n, column: row.columnName('date') ?? 'Tanggal penyaluran' };
      this.planned(row);
    }
  }

  // ---- Results (a status column) ----

  private find(row: ImportRow): ItemRow | undefined {
    const { ctx } = this;
    const periodId = this.period.id;
    const nik = idFromCell(row.get('nik'), 'NIK');
    if (nik.ok && nik.value) {
      const item = ctx.sql.first(itemByNik(periodId, nik.value));
      if (item) return item;
      // A family's item is paid to one member (the mother, for PKH); a bank may list the KKS
      // holder, the head or the spouse, instead. Never a child: that row is a mistake.
      if (this.period.program.target === 'household') {
        const person = ctx.sql.first(peopleByNik(nik.value));
        if (person && !person.deleted_at && PAYEE_RELATIONSHIPS.has(person.relationship)) {
          const byFamily = ctx.sql.first(itemByHousehold(periodId, person.household_id));
          if (byFamily) return byFamily;
        }
      }
    } else if (!nik.ok) row.problem('nik', 'error', nik.code, nik.message);
    const kk = idFromCell(row.get('kk'), 'No. KK');
    if (kk.ok && kk.value) return ctx.sql.first(itemByKk(periodId, kk.value));
    if (!kk.ok) row.problem('kk', 'error', kk.code, kk.message);
    return undefined;
  }

  private result(row: ImportRow): void {
    const { ctx } = this;
    const item = this.find(row);
    if (!item) {
      this.note(this.notInPeriod, row, null);
      if (row.errored) return;
      row.problem(
        row.has('nik') ? 'nik' : 'kk',
        'error',
        'NOT_IN_PERIOD',
        `Tidak ada penerima dengan NIK/KK ini di periode "${this.period.label}". Periksa NIK-nya, atau periode yang dipilih.`,
      );
      return;
    }
    if (row.errored) return;
    if (ctx.registry.scope.desaCodes && !ctx.registry.scope.desaCodes.has(item.desa_code)) {
      row.problem('nik', 'error', 'OUT_OF_AREA', 'Penerima ini di luar wilayah kerja Anda.');
      return;
    }
    // Found by the row's own NIK: the name beside it must be the recipient's. (A family's item
    // found through another member's NIK is paid to that member, whose name the row carries.)
    const ownNik = idFromCell(row.get('nik'), 'NIK');
    if (
      ownNik.ok &&
      ownNik.value === item.recipient_nik &&
      this.otherName(row, item.recipient_name, item.recipient_nik)
    )
      return;
    const earlier = this.seen.get(item.id);
    if (earlier) {
      row.problem(
        'nik',
        'error',
        'TWICE_IN_FILE',
        `Penerima yang sama sudah ada di baris ${earlier}. Hapus salah satu baris.`,
      );
      return;
    }
    this.seen.set(item.id, row.n);
    this.tally.matched++;
    this.tally.periodAmountMatched += item.amount;
    const amount = amountFromFile(row.get('amount'));
    if (amount.ok && amount.value !== null) this.tally.fileAmountMatched += amount.value;

    const written = row.text('status');
    const read = written ? paymentStatusOf(written) : null;
    if (read && 'problem' in read) {
      row.problem('status', 'error', read.problem.code, read.problem.message);
      return;
    }
    if (!read) {
      row.problem(
        'status',
        'error',
        'STATUS',
        written
          ? `Status "${written}" tidak dikenal. Gunakan ${ACCEPTED_WORDS}.`
          : `Status kosong. Isi statusnya: ${ACCEPTED_WORDS}.`,
      );
      return;
    }
    const { status } = read;
    if (!amount.ok) row.problem('amount', 'error', amount.code, amount.message);
    else if (amount.value !== null) {
      if (amount.value !== item.amount)
        row.problem(
          'amount',
          'warning',
          'AMOUNT_DIFFERS',
          `Nominal di berkas (${formatRupiah(amount.value)}) berbeda dengan daftar penyaluran (${formatRupiah(item.amount)}). Status tetap dicatat; periksa selisihnya.`,
        );
    }
    this.dateOrder.observe(row.get('date'), row.n);
    this.mixedOrder.observe(row.get('date'), row.n);
    this.dateColumn = row.columnName('date') ?? this.dateColumn;
    const date = dateFromCell(row.get('date'), ctx.registry.today, 'event');
    if (!date.ok) row.problem('date', 'error', date.code, date.message);
    if (row.errored) return;
    const today = localDate(ctx.registry.today);
    const paidDate = status === 'tersalurkan' ? (date.ok && date.value) || today : null;
    if (paidDate && paidDate > today) {
      row.problem(
        'date',
        'error',
        'DATE_FUTURE',
        `Tanggal penyaluran ${paidDate} belum terjadi. Periksa tanggalnya (tanggal-bulan-tahun).`,
      );
      return;
    }
    if (status === 'tersalurkan' && date.ok && date.value) this.outsidePeriod(row, date.value);
    if (status === 'tersalurkan') this.tally.paid++;
    else if (status === 'belum') this.tally.unpaid++;
    else this.tally.returned++;
    const reason = row.text('reason') || read.reason;
    const patch = {
      status,
      paid_date: paidDate,
      not_paid_reason:
        status === 'tersalurkan'
          ? null
          : (reason ??
            (status === 'dikembalikan'
              ? 'Dikembalikan (hasil bank/Pos)'
              : read.word.startsWith('GAGAL')
                ? 'Gagal salur (hasil bank/Pos)'
                : 'Belum tersalurkan (hasil bank/Pos)')),
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
    ctx.counts.updated++;
  }

  /**
   * A paid date before the period starts, or after its last month plus LATE_MONTHS: most often a
   * wrong year or a date written month first (outside probe: 15/01/2025 and 12/03/2026 for a
   * November-December 2026 period, taken without a word). A warning, not a refusal: the bank's
   * status is right and is recorded; the date may be (an early or very late payment), and the
   * clerk sees it before committing.
   */
  private outsidePeriod(row: ImportRow, paid: string): void {
    const { from, to, late, label, program } = this.period;
    if (paid >= from && paid <= late) return;
    const cell = row.get('date');
    let hint = '';
    const m = cell?.t === 's' ? /^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b/.exec(cell.v) : null;
    if (m && Number(m[1]) <= 12 && Number(m[2]) <= 12 && m[1] !== m[2]) {
      const swapped = `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
      if (swapped >= from && swapped <= late)
        hint = ` Bila "${m[0].trim()}" ditulis bulan dulu, tanggalnya ${formatDateId(swapped)}, yang masuk periode ini.`;
    }
    row.problem(
      'date',
      'warning',
      'DATE_OUTSIDE_PERIOD',
      `Tanggal penyaluran ${formatDateId(paid)} ${paid < from ? 'sebelum' : 'jauh sesudah'} periode ${program.code} ${label} (${formatDateId(from)} sampai ${formatDateId(to)}; penyaluran terlambat dianggap wajar sampai ${formatDateId(late)}). Periksa tanggalnya: mungkin tahunnya salah, tanggal ditulis bulan dulu, atau periode yang dipilih keliru.${hint} Status tetap dicatat.`,
    );
  }

  // ---- The planned list (no status column) ----

  private planned(row: ImportRow): void {
    const { ctx } = this;
    const program = this.period.program;
    const nik = idFromCell(row.get('nik'), 'NIK');
    if (!nik.ok) row.problem('nik', 'error', nik.code, nik.message);
    else if (nik.warning) row.problem('nik', 'warning', nik.warning.code, nik.warning.message);
    const kk = idFromCell(row.get('kk'), 'No. KK');
    if (!kk.ok) row.problem('kk', 'error', kk.code, kk.message);
    if (row.errored) return this.note(this.notFound, row, null);
    const nikValue = nik.ok ? nik.value : null;
    const kkValue = kk.ok ? kk.value : null;
    if (!nikValue && !kkValue) {
      row.problem(
        row.has('nik') ? 'nik' : 'kk',
        'error',
        'ID_MISSING',
        'NIK dan No. KK kosong: penerimanya tidak dapat dicari. Isi NIK (atau No. KK) sesuai KTP/KK.',
      );
      return this.note(this.notFound, row, null);
    }

    let person: Recipient | null = null;
    let household: Household | undefined;
    const found = nikValue ? ctx.sql.first(peopleByNik(nikValue)) : undefined;
    if (found) {
      if (found.deleted_at)
        return this.refuse(
          row,
          'nik',
          'REMOVED',
          `${found.name} (NIK ${found.nik}) sudah dihapus dari data penerima${found.deleted_reason ? ` (${found.deleted_reason})` : ''}. Hapus baris ini dari daftar, atau pulihkan datanya dulu bila penghapusan itu keliru.`,
          'sudah dihapus dari data penerima',
        );
      if (found.status === 'meninggal')
        return this.refuse(
          row,
          'nik',
          'DEAD',
          `${found.name} (NIK ${found.nik}) tercatat meninggal dunia; tidak dapat dimasukkan ke daftar salur. Hapus baris ini, atau perbaiki statusnya di halaman keluarga bila keliru.`,
          'meninggal dunia',
        );
      if (found.status !== 'aktif')
        return this.refuse(
          row,
          'nik',
          'INACTIVE',
          `${found.name} (NIK ${found.nik}) berstatus ${PERSON_STATUS_LABELS[found.status].toLowerCase()}${found.status_reason ? ` (${found.status_reason})` : ''}; hanya anggota aktif yang masuk daftar salur. Periksa datanya di halaman keluarga.`,
          `berstatus ${PERSON_STATUS_LABELS[found.status].toLowerCase()}`,
        );
      if (this.otherName(row, found.name, found.nik))
        return this.note(this.refused, row, 'nama di berkas bukan nama pemilik NIK');
      person = { id: found.id, name: found.name, nik: found.nik };
      household = ctx.sql.first(householdById(found.household_id));
    } else if (kkValue) {
      const byKk = ctx.sql.first(householdByKk(kkValue));
      if (byKk) {
        if (nikValue)
          row.problem(
            'nik',
            'warning',
            'NIK_NOT_REGISTERED',
            `NIK ${nikValue} tidak terdaftar; penerima dicari lewat No. KK ${kkValue}. Periksa NIK-nya.`,
          );
        household = byKk;
      }
    }
    if (!household) {
      row.problem(
        nikValue ? 'nik' : 'kk',
        'error',
        'NOT_FOUND',
        `${nikValue ? `NIK ${nikValue}` : `No. KK ${kkValue}`} tidak terdaftar di data penerima. Daftarkan dulu lewat impor daftar penerima atau halaman keluarga, lalu impor daftar ini lagi.`,
      );
      return this.note(this.notFound, row, null);
    }
    const family = household as Household & { deleted_at: string | null; deleted_reason: string | null };
    if (family.deleted_at)
      return this.refuse(
        row,
        'kk',
        'REMOVED',
        `Keluarga dengan KK ${family.kk_number ?? '(kosong)'} sudah dihapus dari data penerima${family.deleted_reason ? ` (${family.deleted_reason})` : ''}. Hapus baris ini dari daftar, atau pulihkan keluarganya dulu.`,
        'keluarganya sudah dihapus',
      );
    if (ctx.registry.scope.desaCodes && !ctx.registry.scope.desaCodes.has(family.desa_code))
      return this.refuse(
        row,
        'nik',
        'OUT_OF_AREA',
        'Penerima ini terdaftar di luar wilayah kerja Anda; baris dilewati.',
        'di luar wilayah kerja Anda',
      );
    if (program.target === 'person' && !person)
      return this.refuse(
        row,
        'nik',
        'NIK_NEEDED',
        `${program.code} diberikan per orang: isi NIK penerimanya (No. KK saja tidak cukup untuk menentukan orangnya).`,
        'NIK kosong atau tidak terdaftar',
      );

    // The programme's rules, as opening the period applies them (core/disbursement).
    const all = ctx.sql.all(enrolmentsOf(program.id, family.id));
    const mine = program.target === 'person' ? all.filter((e) => e.person_id === person!.id) : all;
    const active = mine.filter(
      (e) => e.status === 'aktif' && !(e.person_id && (e.person_status !== 'aktif' || e.person_deleted)),
    );
    if (!active.length) {
      const other = mine.find((e) => e.status !== 'dikeluarkan' && e.status !== 'graduasi') ?? mine[0];
      const who = person ? `${person.name} (NIK ${person.nik})` : `Keluarga KK ${family.kk_number}`;
      return this.refuse(
        row,
        'nik',
        'NOT_ENROLLED',
        other
          ? `${who} berstatus ${ENROLMENT_STATUS_LABELS[other.status].toLowerCase()} di ${program.code}, bukan aktif; tidak dapat masuk daftar salur. Aktifkan kepesertaannya di halaman keluarga bila memang berhak.`
          : `${who} tidak terdaftar sebagai peserta ${program.code}. Daftarkan dulu lewat impor daftar peserta program atau halaman keluarga.`,
        other
          ? `kepesertaan ${program.code} ${ENROLMENT_STATUS_LABELS[other.status].toLowerCase()}`
          : `tidak terdaftar di ${program.code}`,
      );
    }

    if (program.target === 'household') {
      const key = `h:${family.id}`;
      if (this.twice(row, key)) return;
      const existing = ctx.sql.first(itemByHousehold(this.period.id, family.id));
      const amount = active.reduce((sum, e) => sum + this.amountOf(e), 0);
      if (existing) return this.already(row, existing.amount);
      const recipient = person ?? this.payee(family.id);
      if (!recipient)
        return this.refuse(
          row,
          'kk',
          'NO_PAYEE',
          `Keluarga KK ${family.kk_number} tidak punya anggota aktif yang dapat menerima bantuan. Periksa anggota keluarganya di halaman keluarga.`,
          'tidak ada anggota aktif',
        );
      this.add(row, family, recipient, active[0]!, amount);
      return;
    }
    // Per person: each of the person's active enrolments is one item (as when the period opened).
    if (this.twice(row, `p:${person!.id}`)) return;
    let added = 0;
    let existingAmount = 0;
    for (const e of active) {
      const existing = ctx.sql.first(itemByEnrolment(this.period.id, e.id));
      if (existing) existingAmount += existing.amount;
      else {
        this.add(row, family, person!, e, this.amountOf(e), added > 0);
        added++;
      }
    }
    if (!added) this.already(row, existingAmount);
  }

  private amountOf(e: { amount: number | null; amount_unit: string | null }): number {
    return e.amount == null
      ? 0
      : periodAmount(e.amount, (e.amount_unit ?? 'per_bulan') as 'per_bulan', this.period.months);
  }

  /** The woman who manages the family (PKH pays the mother), as core/disbursement chooses. */
  private payee(householdId: string): Recipient | null {
    const members = this.ctx.sql.all(activeMembers(householdId));
    return (
      members.find((m) => m.relationship === 'istri') ??
      members.find((m) => m.relationship === 'kepala_keluarga' && m.sex === 'P') ??
      members.find((m) => m.relationship === 'kepala_keluarga') ??
      members[0] ??
      null
    );
  }

  private twice(row: ImportRow, key: string): boolean {
    const earlier = this.seen.get(key);
    if (earlier !== undefined) {
      row.problem(
        row.has('nik') ? 'nik' : 'kk',
        'error',
        'TWICE_IN_FILE',
        `Penerima yang sama sudah ada di baris ${earlier}. Hapus salah satu baris.`,
      );
      return true;
    }
    this.seen.set(key, row.n);
    return false;
  }

  private already(row: ImportRow, amount: number): void {
    this.amountWarning(row, amount);
    this.tally.already++;
    this.ctx.counts.unchanged++;
  }

  private amountWarning(row: ImportRow, expected: number): void {
    const amount = amountFromFile(row.get('amount'));
    if (!amount.ok)
      row.problem('amount', 'warning', amount.code, `${amount.message} Nominal diambil dari program.`);
    else if (amount.value !== null && amount.value !== expected)
      row.problem(
        'amount',
        'warning',
        'AMOUNT_DIFFERS',
        `Nominal di berkas (${formatRupiah(amount.value)}) berbeda dengan nominal program untuk periode ini (${formatRupiah(expected)}). Daftar memakai nominal program; periksa selisihnya.`,
      );
  }

  private add(
    row: ImportRow,
    household: Household,
    recipient: Recipient,
    enrolment: { id: string; channel: string | null },
    amount: number,
    sameRow = false,
  ): void {
    const { ctx } = this;
    if (!sameRow) this.amountWarning(row, amount);
    const id = newId();
    const channel = (enrolment.channel ?? this.period.program.default_channel ?? 'tunai') as Channel;
    ctx.write((changes) =>
      changes.about(household.id, () =>
        changes.insert(
          'disbursement_items',
          {
            id,
            period_id: this.period.id,
            enrolment_id: enrolment.id,
            household_id: household.id,
            person_id: recipient.id,
            recipient_name: recipient.name,
            recipient_nik: recipient.nik,
            kk_number: household.kk_number,
            desa_code: household.desa_code,
            amount,
            channel,
            status: 'belum',
            not_paid_reason: null,
            paid_date: null,
            reference: null,
          } as never,
          'disbursement.list',
        ),
      ),
    );
    this.tally.addedAmount += amount;
    if (!sameRow) {
      this.tally.added++;
      ctx.counts.new++;
    }
  }

  /** An error row listed under "Ditolak" with a short reason. */
  /**
   * The file names someone else than the person its NIK finds: most often a NIK typed wrong, and
   * the money would go to whoever it lands on. Refused, naming both.
   */
  private otherName(row: ImportRow, registered: string, nik: string | null): boolean {
    const written = row.text('name');
    if (!written || namesOnePerson(written, registered)) return false;
    row.problem(
      'name',
      'error',
      'NIK_NAME_DIFFERS',
      `NIK ${nik ?? ''} terdaftar atas nama "${registered}", bukan "${written}". Periksa NIK di berkas (mungkin salah ketik): penyaluran tidak dicatat untuk orang yang keliru.`,
    );
    return true;
  }

  private refuse(row: ImportRow, field: string, code: string, message: string, why: string): void {
    const column = field === 'kk' || !row.has('nik') ? 'kk' : 'nik';
    row.problem(column, 'error', code, message);
    this.note(this.refused, row, why);
  }

  /** A file row in a summary list: its row number, name and the NIK/KK as written in the file. */
  private note(list: string[], row: ImportRow, why: string | null): void {
    if (list === this.notFound) this.tally.notFound++;
    if (list === this.refused) this.tally.refused++;
    if (list.length >= LIST_LIMIT) return;
    const id = row.text('nik')
      ? `NIK ${row.text('nik')}`
      : row.text('kk')
        ? `KK ${row.text('kk')}`
        : 'tanpa NIK/KK';
    list.push(`Baris ${row.n}: ${row.text('name') || '(tanpa nama)'}, ${id}${why ? ` — ${why}` : ''}`);
  }

  private periodTotals(): { items: number; amount: number } {
    const t = this.ctx.sql.first(
      qb
        .selectFrom('disbursement_items')
        .select((eb) => [eb.fn.countAll<number>().as('items'), eb.fn.sum<number>('amount').as('amount')])
        .where('period_id', '=', this.period.id),
    );
    return { items: t?.items ?? 0, amount: t?.amount ?? 0 };
  }

  finish(): void {
    const refusal = this.dateOrder.refusal() ?? this.mixedOrder.refusal(this.dateColumn);
    if (refusal) throw refusal;
    // A paid date says the file is a bank's results; read as a planned list, its SUKSES and
    // GAGAL would be lost without a word (outside probe: a status header nobody knew).
    if (this.datedRow) {
      const { row, column } = this.datedRow;
      throw new AppFailure(
        'VALIDATION',
        `Kolom "${column}" berisi tanggal penyaluran (misalnya baris ${row}), tetapi tidak ada kolom yang dibaca sebagai Status penyaluran. Berkas tanpa status dibaca sebagai daftar salur rencana, sehingga hasil SUKSES/GAGAL dari bank/Pos tidak tercatat; jadi berkas tidak diimpor. Bila ini hasil penyaluran, petakan kolom yang berisi SUKSES/GAGAL sebagai Status penyaluran. Bila ini memang daftar salur rencana, pilih "tidak dibaca" untuk kolom "${column}".`,
      );
    }
  }

  summary(): ImportSummary | null {
    if (!this.mode) return null;
    const t = this.tally;
    const rows = this.ctx.counts.rows;
    const period = `${this.period.program.code} ${this.period.label}`;
    if (this.mode === 'planned') {
      const before = this.before ?? { items: 0, amount: 0 };
      const notFound = this.notFound;
      return {
        title: `Daftar salur ${period}: ${t.added} penerima ditambahkan, ${t.already} sudah ada, ${t.notFound} tidak ditemukan`,
        facts: [
          { label: 'Periode', value: period },
          { label: 'Baris di berkas', value: String(rows) },
          { label: 'Ditambahkan ke periode', value: `${t.added} (${formatRupiah(t.addedAmount)})` },
          { label: 'Sudah ada di periode', value: String(t.already) },
          { label: 'Tidak ditemukan di data penerima', value: String(t.notFound) },
          {
            label: 'Ditolak (tidak aktif di program, meninggal, dihapus, di luar wilayah)',
            value: String(t.refused),
          },
          { label: 'Penerima di periode sesudah impor', value: String(before.items + t.added) },
          {
            label: 'Total nominal periode sesudah impor',
            value: formatRupiah(before.amount + t.addedAmount),
          },
          ...(this.amountColumn
            ? [{ label: 'Total nominal di berkas', value: formatRupiah(t.fileAmount) }]
            : []),
        ],
        lists: [
          { label: 'Tidak ditemukan di data penerima', total: t.notFound, rows: notFound },
          { label: 'Ditolak', total: t.refused, rows: this.refused },
        ],
      };
    }
    const missing = this.missingFromFile();
    const notInPeriod = this.notInPeriod.length;
    return {
      title: `Hasil penyaluran ${period}: ${t.matched} dari ${rows} baris cocok dengan daftar periode`,
      facts: [
        { label: 'Periode', value: period },
        { label: 'Baris di berkas', value: String(rows) },
        { label: 'Cocok dengan daftar periode', value: String(t.matched) },
        { label: 'Tersalurkan', value: String(t.paid) },
        { label: 'Belum tersalurkan / gagal', value: String(t.unpaid) },
        { label: 'Dikembalikan', value: String(t.returned) },
        ...(this.amountColumn
          ? [
              { label: 'Total nominal di berkas', value: formatRupiah(t.fileAmount) },
              {
                label: 'Total nominal di berkas (baris yang cocok)',
                value: formatRupiah(t.fileAmountMatched),
              },
            ]
          : []),
        {
          label: 'Total nominal daftar periode (penerima yang cocok)',
          value: formatRupiah(t.periodAmountMatched),
        },
        ...(this.amountColumn
          ? [
              {
                label: 'Selisih (berkas − daftar periode, baris yang cocok)',
                value: formatRupiah(t.fileAmountMatched - t.periodAmountMatched),
              },
            ]
          : []),
      ],
      lists: [
        { label: 'Ada di periode, tidak ada di berkas bank', total: missing.total, rows: missing.rows },
        { label: 'Ada di berkas, tidak ada di periode', total: notInPeriod, rows: this.notInPeriod },
      ],
    };
  }

  /** The period's recipients (in the user's area) that no row of the file named; NIK masked. */
  private missingFromFile(): { total: number; rows: string[] } {
    const { ctx } = this;
    let query = qb
      .selectFrom('disbursement_items')
      .select(['id', 'recipient_name', 'recipient_nik', 'kk_number', 'desa_code'])
      .where('period_id', '=', this.period.id)
      .orderBy('desa_code')
      .orderBy('recipient_name');
    if (ctx.registry.scope.desaCodes)
      query = query.where('desa_code', 'in', [...ctx.registry.scope.desaCodes, '']);
    const rows: string[] = [];
    let total = 0;
    for (const item of ctx.sql.all(query)) {
      if (this.seen.has(item.id)) continue;
      total++;
      if (rows.length >= LIST_LIMIT) continue;
      const id = item.recipient_nik
        ? `NIK ${maskIdNumber(item.recipient_nik)}`
        : item.kk_number
          ? `KK ${maskIdNumber(item.kk_number)}`
          : 'tanpa NIK';
      rows.push(`${item.recipient_name}, ${ctx.registry.regions.name(item.desa_code)}, ${id}`);
    }
    return { total, rows };
  }
}
