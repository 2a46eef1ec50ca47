import {
  CASE_STATUS_LABELS,
  CASE_TYPE_LABELS,
  CHANNEL_LABELS,
  COMPLAINT_STATUS_LABELS,
  ENROLMENT_STATUS_LABELS,
  OUTCOME_LABELS,
  PAYMENT_STATUS_LABELS,
  PERSON_STATUS_LABELS,
  VERIFICATION_STATUS_LABELS,
} from '../../common/domain/registry.ts';
import { AppFailure } from '../../common/errors.ts';
import { formatDateId, formatDateTimeId } from '../../common/format.ts';
import { qb, type Sql } from '../../db/sql.ts';
import { assertInScope } from '../registry/scope.ts';
import { idNumber, kopOf, placeLine, signersOf, type ReportContext } from './common.ts';
import type { Part, ReportDocument, Row } from './document.ts';
import { BATCH_ACTIONS } from '../../common/audit/batches.ts';

/**
 * Data Saya: what the office holds about one person and what it did with it (UU 27/2022
 * Pasal 32, answered within 3x24 hours). Their own record and family card, programmes,
 * payments, verification, cases and complaints of their family, and the processing trail from
 * the audit log: every write, and every read that was recorded (households.view, reports).
 * Other members' personal data is left out; specific data (disability, health) is shown only
 * to a role allowed to read it.
 */

export interface TrailLine {
  at: string;
  username: string;
  activity: string;
  entity: string;
}

export interface DataSayaModel {
  personId: string;
  householdId: string;
  person: [string, string][];
  household: [string, string][];
  enrolments: { program: string; component: string; status: string; start: string; end: string }[];
  payments: {
    program: string;
    period: string;
    amount: number;
    channel: string;
    status: string;
    date: string;
  }[];
  verifications: { created: string; status: string; outcome: string; decided: string }[];
  cases: { opened: string; type: string; title: string; status: string }[];
  complaints: { received: string; subject: string; status: string }[];
  trail: TrailLine[];
  /** Bulk exports and BNBA prints that carried the family out of the office. */
  disclosures: { at: string; username: string; what: string }[];
  membersCount: number;
}

const ACTIVITY: [RegExp, string][] = [
  [/^households\.create$/, 'Pendaftaran keluarga'],
  [/^households\.update$/, 'Perubahan data keluarga'],
  [/^households\.view$/, 'Data keluarga dibuka (dibaca)'],
  [/^households\.change_kk$/, 'Perubahan nomor KK'],
  [/^households\.set_desil$/, 'Pemutakhiran desil'],
  [/^households\.remove$/, 'Keluarga dinonaktifkan'],
  [/^households\.split$/, 'Pemisahan kartu keluarga'],
  [/^people\.add$/, 'Penambahan anggota keluarga'],
  [/^people\.update$/, 'Perubahan data pribadi'],
  [/^people\.move/, 'Perpindahan keluarga'],
  [/^people\.status/, 'Perubahan status orang'],
  [/^enrolments\.create$/, 'Pendaftaran program'],
  [/^enrolments\./, 'Perubahan kepesertaan program'],
  [/^disbursement\.list$/, 'Masuk daftar penyaluran'],
  [/^disbursement\.status$/, 'Status penyaluran diubah'],
  [/^disbursement\.undo$/, 'Perubahan penyaluran dibatalkan'],
  [/^disbursement\.correct$/, 'Koreksi penyaluran'],
  [/^verification\.create$/, 'Masuk daftar verifikasi'],
  [/^verification\.visit$/, 'Kunjungan rumah dicatat'],
  [/^verification\.submit$/, 'Hasil verifikasi diajukan'],
  [/^verification\.approve$/, 'Keputusan atas hasil verifikasi'],
  [/^attachments\.add$/, 'Lampiran (foto/dokumen) ditambahkan'],
  [/^attachments\.view$/, 'Lampiran dibuka (dibaca)'],
  [/^cases\./, 'Penanganan kasus'],
  [/^complaints\./, 'Penanganan pengaduan'],
  [/^duplicates\./, 'Pemeriksaan data ganda'],
  [/^import\.undo/, 'Impor data dibatalkan'],
  [/^import\./, 'Impor data dari berkas'],
  [/^reports\.view$/, 'Laporan dibuka (dibaca)'],
  [/^reports\.print$/, 'Laporan dicetak'],
  [/^reports\.export$/, 'Laporan disimpan ke berkas'],
];

const ENTITY: Record<string, string> = {
  households: 'Data keluarga',
  people: 'Data pribadi',
  enrolments: 'Kepesertaan program',
  disbursement_items: 'Penyaluran bantuan',
  disbursement_corrections: 'Koreksi penyaluran',
  verifications: 'Verifikasi',
  attachments: 'Lampiran',
  cases: 'Kasus',
  case_events: 'Kasus',
  referrals: 'Rujukan',
  complaints: 'Pengaduan',
  duplicate_candidates: 'Data ganda',
  household_kk_history: 'Riwayat KK',
  household_desil_history: 'Riwayat desil',
  reports: 'Laporan',
};

const EXPORT_KINDS: Record<string, string> = {
  recipients: 'daftar penerima',
  enrolments: 'daftar kepesertaan program',
  payments: 'daftar penyaluran',
  nominatif: 'daftar nominatif',
  verifications: 'daftar verifikasi',
};

/** Each export or print that named the family, from the audit entry it refers to. */
function disclosuresOf(sql: Sql, householdId: string): DataSayaModel['disclosures'] {
  const rows = sql.all(
    qb
      .selectFrom('disclosures')
      .innerJoin('audit_log', 'audit_log.id', 'disclosures.audit_id')
      .select(['audit_log.at', 'audit_log.username', 'audit_log.action', 'audit_log.changes_json'])
      .where('disclosures.household_id', '=', householdId)
      .orderBy('audit_log.seq'),
  );
  return rows.map((r) => {
    const details = JSON.parse(r.changes_json) as { kind?: string; file?: string; title?: string };
    const what =
      r.action === 'export.list'
        ? `Ekspor ${EXPORT_KINDS[details.kind ?? ''] ?? 'daftar'}${details.file ? ` (berkas ${details.file})` : ''}`
        : `${r.action === 'reports.print' ? 'Cetak' : 'Simpan'} ${details.title ?? 'laporan'}`;
    return { at: formatDateTimeId(r.at), username: r.username ?? 'sistem', what };
  });
}

export const activityLabel = (action: string): string =>
  ACTIVITY.find(([pattern]) => pattern.test(action))?.[1] ?? action;

const date = (v: string | null | undefined) => (v ? formatDateId(v) : '-');

export function computeDataSaya(ctx: ReportContext, input: { nik: string }): DataSayaModel {
  const { sql } = ctx;
  const person =
    sql.first(
      qb.selectFrom('people').selectAll().where('nik', '=', input.nik).where('deleted_at', 'is', null),
    ) ??
    sql.first(qb.selectFrom('people').selectAll().where('nik', '=', input.nik).orderBy('updated_at', 'desc'));
  if (!person)
    throw new AppFailure(
      'NOT_FOUND',
      'Tidak ada orang dengan NIK ini di data kantor. Periksa kembali NIK-nya.',
      {
        fields: [{ path: 'params.nik', message: 'NIK tidak ditemukan.' }],
      },
    );
  const household = sql.first(qb.selectFrom('households').selectAll().where('id', '=', person.household_id))!;
  assertInScope(ctx.scope, household.desa_code);
  const labels = new Map(
    sql
      .all(qb.selectFrom('ref_values').select(['kind', 'code', 'label']))
      .map((r) => [`${r.kind}:${r.code}`, r.label]),
  );
  const ref = (kind: string, code: string | null) => (code ? (labels.get(`${kind}:${code}`) ?? code) : '-');
  const mask = ctx.settings.reports['data-saya'].maskNik;
  const hidden = 'Tidak ditampilkan (data pribadi spesifik; perlu hak akses khusus)';

  const personFacts: [string, string][] = [
    ['Nama', person.name],
    ['NIK', idNumber(person.nik, mask) || '-'],
    ['Jenis kelamin', person.sex === 'L' ? 'Laki-laki' : 'Perempuan'],
    ['Tempat, tanggal lahir', `${person.birth_place ?? '-'}, ${date(person.birth_date)}`],
    ['Hubungan dalam keluarga', ref('relationship', person.relationship)],
    ['Nama ibu kandung', person.mother_name ?? '-'],
    ['Status perkawinan', person.marital_status ?? '-'],
    ['Pendidikan', ref('education', person.education)],
    ['Pekerjaan', ref('occupation', person.occupation)],
    ['Disabilitas', ctx.scope.readSpecific ? ref('disability', person.disability) : hidden],
    ['Penyakit kronis', ctx.scope.readSpecific ? (person.chronic_illness ?? '-') : hidden],
    [
      'Status',
      `${PERSON_STATUS_LABELS[person.status]}${person.status_reason ? ` (${person.status_reason})` : ''}${person.deleted_at ? ' · dihapus dari daftar' : ''}`,
    ],
    ['Tercatat sejak', date(person.created_at)],
  ];
  const householdFacts: [string, string][] = [
    ['No. KK', idNumber(household.kk_number, mask) || '-'],
    [
      'Alamat',
      [
        household.address,
        household.dusun ? `Dusun ${household.dusun}` : '',
        household.rt ? `RT ${household.rt}` : '',
        household.rw ? `RW ${household.rw}` : '',
      ]
        .filter(Boolean)
        .join(', ') || '-',
    ],
    [
      'Desa/Kelurahan',
      `${ctx.regions.name(household.desa_code)}, Kecamatan ${ctx.regions.kecamatanName(household.desa_code)}`,
    ],
    [
      'Desil (DTSEN)',
      household.desil
        ? `${household.desil}${household.desil_as_of ? ` (per ${date(household.desil_as_of)})` : ''}`
        : '-',
    ],
    ['Status DTKS', household.dtks_status ?? '-'],
    [
      'Kondisi rumah',
      [
        household.house_ownership,
        household.floor_type && `lantai ${household.floor_type}`,
        household.wall_type && `dinding ${household.wall_type}`,
        household.roof_type && `atap ${household.roof_type}`,
      ]
        .filter(Boolean)
        .join(', ') || '-',
    ],
    [
      'Penghasilan keluarga per bulan',
      household.monthly_income !== null ? `Rp${household.monthly_income.toLocaleString('id-ID')}` : '-',
    ],
  ];
  const membersCount = sql.first(
    qb
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('household_id', '=', household.id)
      .where('deleted_at', 'is', null),
  )!.n;

  const enrolments = sql
    .all(
      qb
        .selectFrom('enrolments as e')
        .innerJoin('programs as p', 'p.id', 'e.program_id')
        .leftJoin('program_components as c', 'c.id', 'e.component_id')
        .select([
          'p.code',
          'p.name',
          'p.target',
          'c.name as component',
          'e.status',
          'e.start_date',
          'e.end_date',
          'e.person_id',
        ])
        .where('e.household_id', '=', household.id)
        .where('e.deleted_at', 'is', null)
        .orderBy('p.code')
        .orderBy('e.created_at'),
    )
    // Person programmes of other members are their data, not this person's.
    .filter((e) => e.person_id === null || e.person_id === person.id)
    .map((e) => ({
      program: `${e.code} · ${e.name}`,
      component: e.component ?? '-',
      status: ENROLMENT_STATUS_LABELS[e.status],
      start: date(e.start_date),
      end: date(e.end_date),
    }));

  const payments = sql
    .all(
      qb
        .selectFrom('disbursement_items as i')
        .innerJoin('disbursement_periods as d', 'd.id', 'i.period_id')
        .innerJoin('programs as p', 'p.id', 'd.program_id')
        .select([
          'p.code',
          'd.label',
          'd.year',
          'd.start_month',
          'i.amount',
          'i.channel',
          'i.status',
          'i.paid_date',
          'i.person_id',
          'p.target',
        ])
        .where('i.household_id', '=', household.id)
        .orderBy('d.year')
        .orderBy('d.start_month')
        .orderBy('p.code'),
    )
    .filter((i) => i.target === 'household' || i.person_id === person.id)
    .map((i) => ({
      program: i.code,
      period: i.label,
      amount: i.amount,
      channel: CHANNEL_LABELS[i.channel],
      status: PAYMENT_STATUS_LABELS[i.status],
      date: i.paid_date ? formatDateId(i.paid_date) : '-',
    }));

  const verifications = sql
    .all(
      qb
        .selectFrom('verifications')
        .selectAll()
        .where('household_id', '=', household.id)
        .orderBy('created_at'),
    )
    .map((v) => ({
      created: date(v.created_at),
      status: VERIFICATION_STATUS_LABELS[v.status],
      outcome: v.outcome ? OUTCOME_LABELS[v.outcome] : '-',
      decided: v.approved_at
        ? `${v.approval === 'disetujui' ? 'Disetujui' : 'Dikembalikan'} ${date(v.approved_at)}`
        : '-',
    }));

  const cases = sql
    .all(qb.selectFrom('cases').selectAll().where('household_id', '=', household.id).orderBy('opened_at'))
    .filter((c) => c.person_id === null || c.person_id === person.id)
    .map((c) => ({
      opened: date(c.opened_at),
      type: CASE_TYPE_LABELS[c.type],
      title: c.title,
      status: CASE_STATUS_LABELS[c.status],
    }));

  const complaints = sql
    .all(
      qb.selectFrom('complaints').selectAll().where('household_id', '=', household.id).orderBy('received_at'),
    )
    .map((c) => ({
      received: date(c.received_at),
      subject: c.subject,
      status: COMPLAINT_STATUS_LABELS[c.status],
    }));

  const trailRows = [
    ...sql.all(
      qb
        .selectFrom('audit_log')
        .select(['seq', 'at', 'username', 'action', 'entity', 'entity_id'])
        .where('subject_id', '=', household.id),
    ),
    ...sql.all(
      qb
        .selectFrom('audit_log')
        .select(['seq', 'at', 'username', 'action', 'entity', 'entity_id'])
        .where('entity', '=', 'people')
        .where('entity_id', '=', person.id),
    ),
    ...importBatchesAbout(sql, household.id, person.id),
  ];
  const seen = new Set<number>();
  const trail = trailRows
    .filter((r) => {
      if (seen.has(r.seq)) return false;
      seen.add(r.seq);
      // Another member's own record is their data.
      return r.entity !== 'people' || r.entity_id === person.id;
    })
    .sort((a, b) => a.seq - b.seq)
    .map((r) => ({
      at: formatDateTimeId(r.at),
      username: r.username ?? 'sistem',
      activity: activityLabel(r.action),
      entity: ENTITY[r.entity] ?? r.entity,
    }));

  return {
    personId: person.id,
    householdId: household.id,
    disclosures: disclosuresOf(sql, household.id),
    person: personFacts,
    household: householdFacts,
    enrolments,
    payments,
    verifications,
    cases,
    complaints,
    trail,
    membersCount,
  };
}

export function dataSayaDocument(
  ctx: ReportContext,
  model: DataSayaModel,
): Omit<ReportDocument, 'frozen' | 'footer' | 'provisional'> {
  const numbered = <T>(list: T[], cells: (x: T) => (string | number)[]): Row[] =>
    list.map((x, i) => ({ kind: 'data', cells: [String(i + 1), ...cells(x)] }));
  const no = { label: 'No', kind: 'text' as const, width: 5 };
  const blocks: Part['blocks'] = [
    {
      type: 'text',
      style: 'lead',
      text: 'Dokumen ini menjawab permintaan subjek data pribadi (UU 27/2022 tentang Pelindungan Data Pribadi, Pasal 32): data yang disimpan Dinas Sosial tentang orang di bawah ini dan riwayat pemrosesannya. Dasar pemrosesan: pelaksanaan tugas pelayanan publik (Pasal 20).',
    },
    { type: 'heading', text: 'A. Data pribadi' },
    { type: 'facts', items: model.person },
    { type: 'heading', text: 'B. Data keluarga (kartu keluarga)' },
    { type: 'facts', items: [...model.household, ['Jumlah anggota keluarga', String(model.membersCount)]] },
    {
      type: 'text',
      style: 'note',
      text: 'Data pribadi anggota keluarga lain tidak dicantumkan; mereka dapat memintanya sendiri.',
    },
    {
      type: 'table',
      caption: 'C. Kepesertaan program bantuan',
      columns: [
        no,
        { label: 'Program', kind: 'text', width: 35 },
        { label: 'Komponen', kind: 'text' },
        { label: 'Status', kind: 'text', width: 13 },
        { label: 'Mulai', kind: 'text', width: 14 },
        { label: 'Berakhir', kind: 'text', width: 14 },
      ],
      rows: numbered(model.enrolments, (e) => [e.program, e.component, e.status, e.start, e.end]),
      empty: 'Tidak terdaftar di program mana pun.',
    },
    {
      type: 'table',
      caption: 'D. Riwayat penyaluran bantuan',
      columns: [
        no,
        { label: 'Program', kind: 'text', width: 14 },
        { label: 'Periode', kind: 'text' },
        { label: 'Jumlah (Rp)', kind: 'rupiah', width: 14 },
        { label: 'Saluran', kind: 'text', width: 12 },
        { label: 'Status', kind: 'text', width: 15 },
        { label: 'Tanggal', kind: 'text', width: 15 },
      ],
      rows: numbered(model.payments, (p) => [p.program, p.period, p.amount, p.channel, p.status, p.date]),
      empty: 'Belum pernah masuk daftar penyaluran.',
    },
    {
      type: 'table',
      caption: 'E. Verifikasi data keluarga',
      columns: [
        no,
        { label: 'Masuk daftar', kind: 'text' },
        { label: 'Status', kind: 'text' },
        { label: 'Hasil', kind: 'text' },
        { label: 'Keputusan', kind: 'text' },
      ],
      rows: numbered(model.verifications, (v) => [v.created, v.status, v.outcome, v.decided]),
      empty: 'Tidak ada verifikasi.',
    },
    {
      type: 'table',
      caption: 'F. Kasus dan pengaduan',
      columns: [
        no,
        { label: 'Tanggal', kind: 'text', width: 15 },
        { label: 'Jenis', kind: 'text', width: 20 },
        { label: 'Perihal', kind: 'text' },
        { label: 'Status', kind: 'text', width: 14 },
      ],
      rows: numbered(
        [
          ...model.cases.map((c) => [c.opened, c.type, c.title, c.status]),
          ...model.complaints.map((c) => [c.received, 'Pengaduan', c.subject, c.status]),
        ],
        (x) => x,
      ),
      empty: 'Tidak ada kasus atau pengaduan.',
    },
    {
      type: 'table',
      caption: 'G. Riwayat pemrosesan data (log audit)',
      columns: [
        no,
        { label: 'Waktu', kind: 'text', width: 20 },
        { label: 'Petugas', kind: 'text', width: 16 },
        { label: 'Kegiatan', kind: 'text' },
        { label: 'Data', kind: 'text', width: 20 },
      ],
      rows: numbered(model.trail, (t) => [t.at, t.username, t.activity, t.entity]),
      empty: 'Tidak ada catatan.',
      note: 'Setiap perubahan, dan setiap kali data dibuka atau dicetak, tercatat dalam log audit berantai hash yang tidak dapat diubah diam-diam.',
    },
    {
      type: 'table',
      caption: 'H. Daftar dan cetakan yang memuat data keluarga ini',
      columns: [
        no,
        { label: 'Waktu', kind: 'text', width: 20 },
        { label: 'Petugas', kind: 'text', width: 16 },
        { label: 'Daftar atau dokumen', kind: 'text' },
      ],
      rows: numbered(model.disclosures, (d) => [d.at, d.username, d.what]),
      empty: 'Data keluarga ini belum pernah diekspor atau dicetak dalam daftar.',
      note: 'Setiap ekspor daftar dan setiap cetakan BNBA mencatat keluarga yang dimuatnya.',
    },
    {
      type: 'signatures',
      place: placeLine(ctx.settings, ctx.now),
      signers: signersOf(ctx.settings, 'data-saya'),
    },
  ];
  const name = model.person[0]?.[1] ?? '';
  return {
    report: 'data-saya',
    title: `Data Saya ${name}`,
    orientation: 'portrait',
    kop: kopOf(ctx.settings),
    parts: [
      {
        sheet: 'Data Saya',
        title: ['Data Pribadi dan Riwayat Pemrosesannya', `atas nama ${name}`],
        letterhead: true,
        blocks,
      },
    ],
    generatedAt: ctx.now.toISOString(),
    generatedBy: ctx.username,
  };
}

/**
 * The imports that created or changed the person or the family, audited as one entry per batch
 * (issue 14): their record names the rows, so each batch's entry joins the trail once. A batch
 * that only touched another member is that member's data.
 */
function importBatchesAbout(sql: Sql, householdId: string, personId: string) {
  return sql.all(
    qb
      .selectFrom('import_batch_rows as r')
      .innerJoin('audit_log as a', (join) =>
        join
          .onRef('a.entity_id', '=', 'r.batch_id')
          .on('a.entity', '=', 'import_batches')
          .on('a.action', 'in', BATCH_ACTIONS),
      )
      .select(['a.seq', 'a.at', 'a.username', 'a.action', 'a.entity', 'a.entity_id'])
      .where((eb) =>
        eb.or([
          eb.and([eb('r.household_id', '=', householdId), eb('r.entity', '!=', 'people')]),
          eb.and([eb('r.entity', '=', 'people'), eb('r.entity_id', '=', personId)]),
        ]),
      )
      .distinct(),
  );
}
