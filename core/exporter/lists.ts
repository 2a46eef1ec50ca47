import { maskIdNumber } from '../../common/domain/idNumbers.ts';
import { todayWib } from '../../common/domain/localDate.ts';
import {
  CHANNEL_LABELS,
  ENROLMENT_STATUS_LABELS,
  LIVE_ENROLMENT,
  OUTCOME_LABELS,
  PAYMENT_STATUS_LABELS,
  VERIFICATION_SOURCE_LABELS,
  VERIFICATION_STATUS_LABELS,
} from '../../common/domain/registry.ts';
import type { ExportKind } from '../../common/domain/exportKinds.ts';
import { AppFailure } from '../../common/errors.ts';
import type { Sql } from '../../db/sql.ts';
import type { RegionNames } from '../regions/names.ts';
import { refLabels } from '../programs/reference.ts';
import type { Scope } from '../registry/scope.ts';
import { siksNgProposals } from './siksNg.ts';
import type { ExportColumn, ExportValue } from './write.ts';

export interface ExportFilters {
  desaCode?: string | undefined;
  programCode?: string | undefined;
  periodId?: string | undefined;
  desilMax?: number | undefined;
  approvedFrom?: string | undefined;
  approvedTo?: string | undefined;
}

export interface ExportList {
  title: string;
  columns: ExportColumn[];
  rows: Iterable<ExportValue[]>;
  /** Filled while `rows` is read: the families the written list discloses (Data Saya). */
  households: Set<string>;
}

const col = (header: string, type: ExportColumn['type'] = 'text', width = 18): ExportColumn => ({
  header,
  type,
  width,
});

/**
 * The lists staff export, each with the column names real exports use (so a list exported
 * here imports back with no changes) and with NIK/KK masking when the list leaves the office.
 * Rows are read lazily from an iterating statement: 100,000 rows never sit in memory at once.
 */
export function exportList(
  sql: Sql,
  regions: RegionNames,
  scope: Scope,
  kind: ExportKind,
  filters: ExportFilters,
  maskNik: boolean,
): ExportList {
  const id = (v: string | null) => (v && maskNik ? maskIdNumber(v) : v);
  const where: string[] = [];
  const params: unknown[] = [];
  if (scope.desaCodes) {
    where.push(`h.desa_code IN (${[...scope.desaCodes].map(() => '?').join(',') || "''"})`);
    params.push(...scope.desaCodes);
  }
  if (filters.desaCode) {
    where.push('h.desa_code = ?');
    params.push(filters.desaCode);
  }
  if (filters.desilMax) {
    where.push('h.desil <= ?');
    params.push(filters.desilMax);
  }
  const live = LIVE_ENROLMENT.map((s) => `'${s}'`).join(',');
  const programJoin = filters.programCode
    ? `AND EXISTS (SELECT 1 FROM enrolments e JOIN programs pr ON pr.id = e.program_id WHERE e.household_id = h.id AND pr.code = ? AND e.status IN (${live}) AND e.deleted_at IS NULL)`
    : '';
  const wherePeople = () => ['p.deleted_at IS NULL', 'h.deleted_at IS NULL', ...where].join(' AND ');
  const bind = (extra: unknown[] = []) => [
    ...params,
    ...(filters.programCode ? [filters.programCode] : []),
    ...extra,
  ];
  const kecamatan = (desa: string) => regions.kecamatanName(desa);
  const households = new Set<string>();

  switch (kind) {
    case 'recipients': {
      const relationships = refLabels(sql, 'relationship');
      const occupations = refLabels(sql, 'occupation');
      const statement = sql.raw.prepare(`
        SELECT h.id AS household_id, p.nik, p.name, p.sex, p.birth_place, p.birth_date, p.relationship, p.mother_name, p.occupation, p.status,
               h.kk_number, h.address, h.dusun, h.rt, h.rw, h.desa_code, h.desil,
               EXISTS (SELECT 1 FROM enrolments e JOIN programs pr ON pr.id = e.program_id WHERE e.household_id = h.id AND pr.code = 'PKH' AND e.status IN (${live}) AND e.deleted_at IS NULL) AS pkh,
               EXISTS (SELECT 1 FROM enrolments e JOIN programs pr ON pr.id = e.program_id WHERE e.household_id = h.id AND pr.code = 'BPNT' AND e.status IN (${live}) AND e.deleted_at IS NULL) AS bpnt,
               EXISTS (SELECT 1 FROM enrolments e JOIN programs pr ON pr.id = e.program_id WHERE e.person_id = p.id AND pr.code = 'PBI_JK' AND e.status IN (${live}) AND e.deleted_at IS NULL) AS pbi
        FROM people p JOIN households h ON h.id = p.household_id
        WHERE ${wherePeople()} ${programJoin}
        ORDER BY h.kk_number, p.row_no`);
      type R = Record<string, string | number | null>;
      return {
        title: 'Daftar penerima',
        households,
        columns: [
          col('NOMOR_KK', 'id', 20),
          col('NOMOR_NIK', 'id', 20),
          col('NAMA', 'text', 28),
          col('JENIS_KELAMIN', 'text', 8),
          col('TEMPAT_LAHIR'),
          col('TANGGAL_LAHIR', 'date', 14),
          col('HUBUNGAN_KELUARGA', 'text', 18),
          col('NAMA_IBU_KANDUNG', 'text', 24),
          col('PEKERJAAN', 'text', 22),
          col('ALAMAT', 'text', 30),
          col('DUSUN', 'text', 14),
          col('RT', 'id', 6),
          col('RW', 'id', 6),
          col('DESA_KELURAHAN', 'text', 18),
          col('KECAMATAN', 'text', 14),
          col('DESIL', 'number', 7),
          col('BANSOS_PKH', 'number', 11),
          col('BANSOS_BPNT', 'number', 12),
          col('PBI_JKN', 'number', 9),
          col('STATUS', 'text', 12),
        ],
        rows: (function* () {
          for (const r of statement.iterate(...bind()) as IterableIterator<R>) {
            households.add(r.household_id as string);
            yield [
              id(r.kk_number as string | null),
              id(r.nik as string | null),
              r.name,
              r.sex,
              r.birth_place,
              r.birth_date,
              relationships.get(r.relationship as string) ?? r.relationship,
              r.mother_name,
              occupations.get(r.occupation as string) ?? r.occupation,
              r.address,
              r.dusun,
              r.rt,
              r.rw,
              regions.name(r.desa_code as string),
              kecamatan(r.desa_code as string),
              r.desil,
              Number(r.pkh),
              Number(r.bpnt),
              Number(r.pbi),
              r.status,
            ] as ExportValue[];
          }
        })(),
      };
    }
    case 'enrolments': {
      const statement = sql.raw.prepare(`
        SELECT h.id AS household_id, h.kk_number, p.nik, COALESCE(p.name, head.name) AS name, pr.code, c.name AS component, e.status, e.status_reason, e.start_date, h.desa_code
        FROM enrolments e JOIN households h ON h.id = e.household_id JOIN programs pr ON pr.id = e.program_id
        LEFT JOIN program_components c ON c.id = e.component_id LEFT JOIN people p ON p.id = e.person_id LEFT JOIN people head ON head.id = h.head_person_id
        WHERE e.deleted_at IS NULL AND h.deleted_at IS NULL ${where.length ? `AND ${where.join(' AND ')}` : ''} ${filters.programCode ? 'AND pr.code = ?' : ''}
        ORDER BY pr.code, h.kk_number`);
      type R = Record<string, string | null>;
      return {
        title: 'Kepesertaan program',
        households,
        columns: [
          col('NOMOR_KK', 'id', 20),
          col('NIK', 'id', 20),
          col('NAMA', 'text', 28),
          col('PROGRAM', 'text', 12),
          col('KOMPONEN', 'text', 22),
          col('STATUS', 'text', 14),
          col('KETERANGAN', 'text', 24),
          col('SEJAK', 'date', 14),
          col('DESA_KELURAHAN', 'text', 18),
        ],
        rows: (function* () {
          for (const r of statement.iterate(
            ...params,
            ...(filters.programCode ? [filters.programCode] : []),
          ) as IterableIterator<R>) {
            households.add(r.household_id!);
            yield [
              id(r.kk_number ?? null),
              id(r.nik ?? null),
              r.name ?? null,
              r.code ?? null,
              r.component ?? null,
              ENROLMENT_STATUS_LABELS[r.status as 'aktif'] ?? r.status ?? null,
              r.status_reason ?? null,
              r.start_date ?? null,
              regions.name(r.desa_code ?? null),
            ];
          }
        })(),
      };
    }
    case 'payments':
    case 'nominatif': {
      if (!filters.periodId)
        throw new AppFailure('VALIDATION', 'Pilih periode penyaluran yang akan diekspor.');
      const period = sql.raw
        .prepare(
          'SELECT d.label, p.code FROM disbursement_periods d JOIN programs p ON p.id = d.program_id WHERE d.id = ?',
        )
        .get(filters.periodId) as { label: string; code: string } | undefined;
      if (!period) throw new AppFailure('NOT_FOUND', 'Periode penyaluran tidak ditemukan.');
      const statement = sql.raw.prepare(`
        SELECT i.household_id, i.recipient_nik, i.kk_number, i.recipient_name, i.desa_code, i.amount, i.channel, i.status, i.paid_date, i.not_paid_reason, i.reference
        FROM disbursement_items i JOIN households h ON h.id = i.household_id
        WHERE i.period_id = ? ${where.length ? `AND ${where.join(' AND ')}` : ''}
        ORDER BY i.desa_code, i.recipient_name`);
      type R = Record<string, string | number | null>;
      const rowsOf = () => statement.iterate(filters.periodId, ...params) as IterableIterator<R>;
      if (kind === 'nominatif') {
        return {
          title: `Daftar Nominatif ${period.code} ${period.label}`,
          households,
          columns: [
            col('No', 'number', 6),
            col('Nama', 'text', 28),
            col('KK', 'id', 20),
            col('NIK', 'id', 20),
            col('Desa/Kelurahan', 'text', 18),
            col('Jumlah', 'number', 14),
            col('Tanda Tangan/Cap Jempol', 'text', 26),
            col('Keterangan', 'text', 20),
          ],
          rows: (function* () {
            let n = 0;
            for (const r of rowsOf()) {
              households.add(r.household_id as string);
              yield [
                ++n,
                r.recipient_name ?? null,
                id(r.kk_number as string | null),
                id(r.recipient_nik as string | null),
                regions.name(r.desa_code as string),
                r.amount ?? null,
                null,
                null,
              ];
            }
          })(),
        };
      }
      return {
        title: `Penyaluran ${period.code} ${period.label}`,
        households,
        columns: [
          col('NO', 'number', 6),
          col('NIK_KTP', 'id', 20),
          col('NOKK', 'id', 20),
          col('NAMA_PENERIMA', 'text', 28),
          col('NAMA_KEC', 'text', 14),
          col('NAMA_KEL', 'text', 18),
          col('NOMINAL', 'number', 13),
          col('SALURAN', 'text', 12),
          col('STATUS', 'text', 18),
          col('TANGGAL_SALUR', 'date', 14),
          col('KETERANGAN', 'text', 26),
          col('NO_REF', 'text', 16),
        ],
        rows: (function* () {
          let n = 0;
          for (const r of rowsOf()) {
            households.add(r.household_id as string);
            yield [
              ++n,
              id(r.recipient_nik as string | null),
              id(r.kk_number as string | null),
              r.recipient_name,
              kecamatan(r.desa_code as string),
              regions.name(r.desa_code as string),
              r.amount,
              CHANNEL_LABELS[r.channel as 'pos'],
              PAYMENT_STATUS_LABELS[r.status as 'belum'].toUpperCase(),
              r.paid_date,
              r.not_paid_reason,
              r.reference,
            ] as ExportValue[];
          }
        })(),
      };
    }
    case 'siksNg':
      return siksNgProposals(sql, scope, filters, maskNik, todayWib());
    case 'verifications': {
      const statement = sql.raw.prepare(`
        SELECT h.id AS household_id, h.kk_number, head.nik, head.name, v.desa_code, v.source, v.status, v.outcome, v.outcome_reason, v.visit_date
        FROM verifications v JOIN households h ON h.id = v.household_id LEFT JOIN people head ON head.id = h.head_person_id
        WHERE h.deleted_at IS NULL ${where.length ? `AND ${where.join(' AND ')}` : ''}
        ORDER BY v.desa_code, h.kk_number`);
      type R = Record<string, string | null>;
      return {
        title: 'Daftar verifikasi',
        households,
        columns: [
          col('NO_KK', 'id', 20),
          col('NIK', 'id', 20),
          col('NAMA', 'text', 28),
          col('DESA_KELURAHAN', 'text', 18),
          col('SUMBER', 'text', 20),
          col('STATUS', 'text', 18),
          col('HASIL', 'text', 12),
          col('ALASAN', 'text', 30),
          col('TANGGAL_KUNJUNGAN', 'date', 16),
        ],
        rows: (function* () {
          for (const r of statement.iterate(...params) as IterableIterator<R>) {
            households.add(r.household_id!);
            yield [
              id(r.kk_number ?? null),
              id(r.nik ?? null),
              r.name ?? null,
              regions.name(r.desa_code ?? null),
              VERIFICATION_SOURCE_LABELS[r.source as 'semua'] ?? null,
              VERIFICATION_STATUS_LABELS[r.status as 'terverifikasi'] ?? null,
              r.outcome ? OUTCOME_LABELS[r.outcome as 'layak'].toUpperCase() : null,
              r.outcome_reason ?? null,
              r.visit_date ?? null,
            ];
          }
        })(),
      };
    }
  }
}
