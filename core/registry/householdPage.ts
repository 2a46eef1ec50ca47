import type { HouseholdView, PersonView } from '../../common/api/methods/registry.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { AuditLogTable } from '../../db/schema.ts';
import type { RegionNames } from '../regions/names.ts';
import { getHousehold, membersOf } from './households.ts';
import type { Scope } from './scope.ts';
import { toHouseholdView, toPersonView } from './views.ts';

const ACTION_LABELS: Record<string, string> = {
  'households.create': 'Keluarga didaftarkan',
  'households.update': 'Data keluarga diubah',
  'households.change_kk': 'No. KK diganti',
  'households.set_desil': 'Desil diperbarui',
  'households.remove': 'Keluarga dihapus',
  'households.split': 'Pisah KK',
  'households.view': 'Data keluarga dibuka',
  'people.add': 'Anggota ditambahkan',
  'people.update': 'Data anggota diubah',
  'people.move': 'Anggota pindah keluarga',
  'people.move_in': 'Anggota masuk dari keluarga lain',
  'people.move_out': 'Anggota pindah ke keluarga lain',
  'people.status_meninggal': 'Ditandai meninggal',
  'people.status_pindah': 'Ditandai pindah',
  'people.status_keluar': 'Ditandai keluar',
  'people.status_aktif': 'Diaktifkan kembali',
  'enrolments.create': 'Didaftarkan ke program',
  'enrolments.set_status': 'Status program diubah',
  'enrolments.end': 'Kepesertaan program berakhir',
  'verification.create': 'Masuk daftar verifikasi',
  'verification.visit': 'Kunjungan lapangan dicatat',
  'verification.submit': 'Hasil verifikasi diajukan',
  'verification.approve': 'Hasil verifikasi diputuskan',
  'disbursement.status': 'Status penyaluran diubah',
  'disbursement.correct': 'Koreksi penyaluran',
  'cases.create': 'Kasus dibuka',
  'cases.status': 'Status kasus diubah',
  'cases.note': 'Catatan kasus',
  'cases.refer': 'Dirujuk',
  'complaints.create': 'Pengaduan diterima',
  'complaints.update': 'Pengaduan diperbarui',
  'duplicates.merge': 'Data ganda digabung',
  'duplicates.undo': 'Penggabungan dibatalkan',
  'attachments.add': 'Lampiran ditambahkan',
};

function summarize(entry: AuditLogTable): string {
  const label = ACTION_LABELS[entry.action] ?? entry.action;
  const changes = JSON.parse(entry.changes_json) as Record<string, unknown>;
  const fields = Object.entries(changes)
    .filter(([, v]) => v && typeof v === 'object' && 'new' in (v as object))
    .map(([k]) => k)
    .filter((k) => !k.endsWith('_json') && !['id', 'household_id', 'name_key', 'phonetic_key'].includes(k));
  return fields.length && !entry.action.endsWith('create') && entry.action !== 'people.add'
    ? `${label}: ${fields.slice(0, 6).join(', ')}`
    : label;
}

/** The family's history, newest first, from the audit trail (one indexed query). */
export function householdHistory(sql: Sql, householdId: string, limit = 300) {
  const rows = sql.all(
    qb
      .selectFrom('audit_log')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('subject_id', '=', householdId),
          eb.and([eb('entity', '=', 'households'), eb('entity_id', '=', householdId)]),
        ]),
      )
      .orderBy('seq', 'desc')
      .limit(limit),
  );
  // One use case writes several rows; show one line per action and moment.
  const seen = new Set<string>();
  return rows
    .filter((r) => {
      const key = `${r.at}|${r.action}|${r.entity_id ?? ''}`;
      if (seen.has(key) || r.action === 'households.view') return false;
      seen.add(key);
      return true;
    })
    .map((r) => ({
      at: r.at,
      username: r.username,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      summary: summarize(r),
    }));
}

export interface HouseholdPage {
  household: HouseholdView;
  members: PersonView[];
  kkHistory: { kkNumber: string; validFrom: string; validTo: string | null; reason: string }[];
  desilHistory: { desil: number; asOf: string; source: string }[];
  history: ReturnType<typeof householdHistory>;
}

export function householdPage(sql: Sql, regions: RegionNames, scope: Scope, id: string): HouseholdPage {
  const household = getHousehold(sql, id, scope);
  const members = membersOf(sql, id);
  return {
    household: toHouseholdView(household, regions),
    members: members.map((m) => toPersonView(m, scope)),
    kkHistory: sql
      .all(
        qb
          .selectFrom('household_kk_history')
          .selectAll()
          .where('household_id', '=', id)
          .orderBy('valid_from', 'desc')
          .orderBy('created_at', 'desc'),
      )
      .map((k) => ({
        kkNumber: k.kk_number,
        validFrom: k.valid_from,
        validTo: k.valid_to,
        reason: k.reason,
      })),
    desilHistory: sql
      .all(
        qb
          .selectFrom('household_desil_history')
          .selectAll()
          .where('household_id', '=', id)
          .orderBy('as_of', 'desc'),
      )
      .map((d) => ({ desil: d.desil, asOf: d.as_of, source: d.source })),
    history: householdHistory(sql, id),
  };
}
