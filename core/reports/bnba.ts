import { AppFailure } from '../../common/errors.ts';
import { formatRupiah } from '../../common/format.ts';
import { qb } from '../../db/sql.ts';
import { assertInScope } from '../registry/scope.ts';
import { idNumber, kopOf, scopeCodes, signersOf, type ReportContext } from './common.ts';
import type { Part, ReportDocument, Row, Signer } from './document.ts';
import { monthLabel, periodLine, terbilang } from './format.ts';
import { periodsForMonth, periodStatusText, type PeriodRef } from './monthly.ts';

/**
 * Daftar Nominatif (BNBA, "by name by address") for signing at distribution, one list per
 * desa/kelurahan, each followed by its Berita Acara Serah Terima (BAST) with the amount in
 * words. The rows are the period's frozen disbursement list.
 */

export interface BnbaRecipient {
  name: string;
  kk: string | null;
  nik: string | null;
  amount: number;
  status: 'belum' | 'tersalurkan' | 'dikembalikan';
  reason: string | null;
  paidDate: string | null;
}

export interface BnbaDesa {
  code: string;
  name: string;
  level: string;
  kecamatanName: string;
  recipients: BnbaRecipient[];
  count: number;
  amount: number;
}

export interface BnbaModel {
  month: string;
  programCode: string;
  programName: string;
  period: PeriodRef;
  desa: BnbaDesa[];
  count: number;
  amount: number;
}

export function computeBnba(
  ctx: ReportContext,
  input: { month: string; programCode: string; desaCode?: string },
): BnbaModel {
  const program = ctx.sql.first(
    qb.selectFrom('programs').select(['id', 'code', 'name']).where('code', '=', input.programCode),
  );
  if (!program)
    throw new AppFailure('VALIDATION', `Program ${input.programCode} tidak dikenal.`, {
      fields: [{ path: 'params.programCode', message: 'Program tidak dikenal.' }],
    });
  const { current } = periodsForMonth(ctx, program.id, input.month);
  if (!current)
    throw new AppFailure(
      'NOT_FOUND',
      `Tidak ada periode penyaluran ${program.code} pada bulan ${monthLabel(input.month)}. Pilih bulan lain atau buka periodenya di menu Penyaluran.`,
    );
  if (input.desaCode) assertInScope(ctx.scope, input.desaCode);
  let query = qb
    .selectFrom('disbursement_items')
    .select([
      'recipient_name',
      'kk_number',
      'recipient_nik',
      'desa_code',
      'amount',
      'status',
      'not_paid_reason',
      'paid_date',
    ])
    .where('period_id', '=', current.id)
    .orderBy('desa_code')
    .orderBy('recipient_name')
    .orderBy('id');
  if (input.desaCode) query = query.where('desa_code', '=', input.desaCode);
  const codes = scopeCodes(ctx);
  if (codes) query = query.where('desa_code', 'in', codes);
  const desa: BnbaDesa[] = [];
  for (const r of ctx.sql.all(query)) {
    let d = desa.at(-1);
    if (!d || d.code !== r.desa_code) {
      d = {
        code: r.desa_code,
        name: ctx.regions.name(r.desa_code),
        level: ctx.regions.level(r.desa_code) ?? 'desa',
        kecamatanName: ctx.regions.kecamatanName(r.desa_code),
        recipients: [],
        count: 0,
        amount: 0,
      };
      desa.push(d);
    }
    d.recipients.push({
      name: r.recipient_name,
      kk: r.kk_number,
      nik: r.recipient_nik,
      amount: r.amount,
      status: r.status,
      reason: r.not_paid_reason,
      paidDate: r.paid_date,
    });
    d.count++;
    d.amount += r.amount;
  }
  return {
    month: input.month,
    programCode: program.code,
    programName: program.name,
    period: current,
    desa,
    count: desa.reduce((n, d) => n + d.count, 0),
    amount: desa.reduce((n, d) => n + d.amount, 0),
  };
}

/** "09-09-2026": fits the Keterangan column on one line. */
const shortDate = (iso: string) => iso.split('-').reverse().join('-');

function remark(r: BnbaRecipient): string {
  if (r.status === 'tersalurkan') return r.paidDate ? `Tersalurkan ${shortDate(r.paidDate)}` : 'Tersalurkan';
  if (r.status === 'dikembalikan') return `Dikembalikan${r.reason ? `: ${r.reason}` : ''}`;
  return r.reason ?? '';
}

const place = (d: BnbaDesa) => `${d.level === 'kelurahan' ? 'Kelurahan' : 'Desa'} ${d.name}`;
const head = (d: BnbaDesa) => (d.level === 'kelurahan' ? `Lurah ${d.name}` : `Kepala Desa ${d.name}`);

export function bnbaDocument(
  ctx: ReportContext,
  model: BnbaModel,
): Omit<ReportDocument, 'frozen' | 'footer' | 'provisional'> {
  const mask = ctx.settings.reports.bnba.maskNik;
  const setting = ctx.settings.reports.bnba.signers[0];
  const second = signersOf(ctx.settings, 'bnba')[1];
  const position = setting?.position || '........................................';
  const partyOne: Signer = {
    caption: ['PIHAK PERTAMA', position],
    name: setting?.name || null,
    rank: setting?.rank || null,
    nip: setting?.nip ?? '',
  };
  const parts: Part[] = [];
  const periodText = periodLine(model.period);
  for (const d of model.desa) {
    const rows: Row[] = d.recipients.map((r, i) => ({
      kind: 'data',
      cells: [
        String(i + 1),
        r.name,
        idNumber(r.kk, mask),
        idNumber(r.nik, mask),
        d.name,
        r.amount,
        `${i + 1}.`,
        remark(r),
      ],
    }));
    rows.push({ kind: 'total', cells: ['', `JUMLAH ${d.count} KPM`, '', '', '', d.amount, '', ''] });
    parts.push({
      sheet: `BNBA ${d.name}`,
      title: [
        `Daftar Nominatif Penerima Bantuan Sosial ${model.programCode}`,
        `(By Name By Address) · ${place(d)}`,
      ],
      letterhead: true,
      blocks: [
        {
          type: 'facts',
          items: [
            ['Program', `${model.programCode} · ${model.programName}`],
            ['Periode penyaluran', periodText],
            ['Status periode', periodStatusText(model.period)],
            ['Desa/Kelurahan', `${d.name}, Kecamatan ${d.kecamatanName}`],
          ],
        },
        {
          type: 'table',
          columns: [
            { label: 'No', kind: 'text', width: 4 },
            { label: 'Nama', kind: 'text', width: 16 },
            { label: 'No. KK', kind: 'text', width: 14 },
            { label: 'NIK', kind: 'text', width: 14 },
            { label: 'Desa/Kelurahan', kind: 'text', width: 11 },
            { label: 'Jumlah (Rp)', kind: 'rupiah', width: 10 },
            { label: 'Tanda Tangan/Cap Jempol', kind: 'signature', width: 15 },
            { label: 'Keterangan', kind: 'text', width: 16 },
          ],
          rows,
          signatureColumn: 6,
          empty: 'Tidak ada penerima.',
        },
        { type: 'text', text: `Terbilang: ${terbilang(d.amount)}.`, style: 'strong' },
        ...(mask
          ? [
              {
                type: 'text' as const,
                text: 'NIK dan No. KK disamarkan (hanya 4 angka awal dan akhir).',
                style: 'note' as const,
              },
            ]
          : []),
      ],
    });
    const partyTwo: Signer = {
      caption: ['PIHAK KEDUA', head(d)],
      name: null,
      rank: null,
      nip: d.level === 'kelurahan' ? '' : null,
    };
    parts.push({
      sheet: `BAST ${d.name}`,
      orientation: 'portrait',
      title: [
        'Berita Acara Serah Terima',
        `Bantuan Sosial ${model.programName}`,
        'Nomor: ........................................',
      ],
      letterhead: true,
      blocks: [
        {
          type: 'text',
          style: 'lead',
          text: `Pada hari ini ................ tanggal ........ bulan .................... tahun ............, bertempat di ${place(d)}, Kecamatan ${d.kecamatanName}, kami yang bertanda tangan di bawah ini:`,
        },
        {
          type: 'facts',
          items: [
            ['1. Nama', partyOne.name ?? '........................................'],
            ['\u00a0\u00a0\u00a0\u00a0Jabatan', position],
            ['', 'selanjutnya disebut PIHAK PERTAMA;'],
            ['2. Nama', '........................................'],
            ['\u00a0\u00a0\u00a0\u00a0Jabatan', head(d)],
            ['', 'selanjutnya disebut PIHAK KEDUA.'],
          ],
        },
        {
          type: 'text',
          style: 'lead',
          text: `PIHAK PERTAMA menyerahkan kepada PIHAK KEDUA, dan PIHAK KEDUA menerima dari PIHAK PERTAMA, bantuan sosial ${model.programName} periode ${periodText} untuk ${d.count} KPM di ${place(d)} sejumlah ${formatRupiah(d.amount)} (${terbilang(d.amount)}), sebagaimana tercantum dalam Daftar Nominatif (BNBA) terlampir.`,
        },
        {
          type: 'text',
          style: 'lead',
          text: 'Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.',
        },
        {
          type: 'signatures',
          place: `${ctx.settings.city}, ..............................`,
          signers: [partyTwo, partyOne],
          below: second ?? null,
        },
      ],
    });
  }
  if (!parts.length)
    parts.push({
      sheet: 'BNBA',
      title: [`Daftar Nominatif Penerima Bantuan Sosial ${model.programCode}`],
      letterhead: true,
      blocks: [{ type: 'text', text: 'Tidak ada penerima pada periode dan wilayah ini.', style: 'note' }],
    });
  const one = model.desa.length === 1 ? ` ${model.desa[0]!.name}` : '';
  return {
    report: 'bnba',
    title: `BNBA ${model.programCode} ${model.period.label}${one}`,
    orientation: 'landscape',
    kop: kopOf(ctx.settings),
    parts,
    generatedAt: ctx.now.toISOString(),
    generatedBy: ctx.username,
  };
}
