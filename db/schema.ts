import type { Generated, Selectable } from 'kysely';
import type { Role } from '../common/auth/roles.ts';

/**
 * The current shape of the local database, as the migrations leave it. Booleans are 0/1,
 * timestamps ISO-8601 UTC text, ids UUIDv7 text, money integer rupiah.
 */
export interface Schema {
  meta: MetaTable;
  users: UsersTable;
  settings: SettingsTable;
  report_settings: ReportSettingsTable;
  regions: RegionsTable;
  audit_log: AuditLogTable;
  ref_values: RefValuesTable;
  programs: ProgramsTable;
  program_components: ProgramComponentsTable;
  households: HouseholdsTable;
  household_kk_history: HouseholdKkHistoryTable;
  household_desil_history: HouseholdDesilHistoryTable;
  people: PeopleTable;
  people_fts: PeopleFtsTable;
  people_name_words: PeopleNameWordsTable;
  enrolments: EnrolmentsTable;
  verifications: VerificationsTable;
  attachments: AttachmentsTable;
  attachment_uploads: AttachmentUploadsTable;
  disbursement_periods: DisbursementPeriodsTable;
  disbursement_items: DisbursementItemsTable;
  disbursement_corrections: DisbursementCorrectionsTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  referrals: ReferralsTable;
  complaints: ComplaintsTable;
  duplicate_candidates: DuplicateCandidatesTable;
  operations: OperationsTable;
  report_snapshots: ReportSnapshotsTable;
  sync_outbox: SyncOutboxTable;
  disclosures: DisclosuresTable;
  sync_state: SyncStateTable;
  sync_conflicts: SyncConflictsTable;
  import_batches: ImportBatchesTable;
  import_mappings: ImportMappingsTable;
  import_batch_rows: ImportBatchRowsTable;
  signal_checks: SignalChecksTable;
  dtks_releases: DtksReleasesTable;
  dtks_release_rows: DtksReleaseRowsTable;
  dtks_release_changes: DtksReleaseChangesTable;
}

/** A bulk change that can be undone as a whole; undo_json says how. */
export interface OperationsTable {
  id: string;
  kind: string;
  summary: string;
  undo_json: string;
  created_by: string | null;
  undone_at: string | null;
  undone_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Columns every synced row carries. */
interface Synced {
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface RefValuesTable extends Synced {
  kind: string;
  code: string;
  label: string;
  sort: number;
  active: number;
}

export interface ProgramsTable extends Synced {
  code: string;
  name: string;
  target: 'household' | 'person';
  benefit: 'cash' | 'premium' | 'service';
  /** bulanan | triwulanan | tahap | tahunan | sesuai_kebutuhan */
  schedule: string;
  default_channel: string | null;
  /** BLT Dana Desa: only households in a desa, not a kelurahan. */
  desa_only: number;
  /** JSON string[]: programme codes a household should not receive at the same time. */
  excludes_json: string;
  description: string;
  active: number;
}

export type AmountUnit = 'per_bulan' | 'per_tahun' | 'per_penyaluran';

export interface ProgramComponentsTable extends Synced {
  program_id: string;
  code: string;
  name: string;
  amount: number;
  amount_unit: AmountUnit;
  sort: number;
  active: number;
}

export interface HouseholdsTable extends Synced {
  kk_number: string | null;
  desa_code: string;
  dusun: string | null;
  rt: string | null;
  rw: string | null;
  address: string;
  desil: number | null;
  desil_as_of: string | null;
  dtks_status: string | null;
  house_ownership: string | null;
  floor_area_m2: number | null;
  floor_type: string | null;
  wall_type: string | null;
  roof_type: string | null;
  water_source: string | null;
  lighting: string | null;
  toilet: string | null;
  assets_json: string;
  monthly_income: number | null;
  notes: string;
  status: 'aktif' | 'nonaktif';
  status_reason: string | null;
  head_person_id: string | null;
  synthetic: number;
  deleted_at: string | null;
  deleted_reason: string | null;
  /** IDKELUARGA (BDT) or IDSEMESTA (DTSEN) from an imported file. */
  family_ref: string | null;
  /** When the family's personal data was removed after the retention period (0007). */
  purged_at?: string | null;
}

export interface HouseholdKkHistoryTable {
  id: string;
  household_id: string;
  kk_number: string;
  valid_from: string;
  valid_to: string | null;
  reason: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface HouseholdDesilHistoryTable {
  id: string;
  household_id: string;
  desil: number;
  as_of: string;
  source: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export type PersonStatus = 'aktif' | 'meninggal' | 'pindah' | 'keluar' | 'digabung';

export interface PeopleTable extends Synced {
  row_no: Generated<number>;
  household_id: string;
  nik: string | null;
  name: string;
  name_key: string;
  phonetic_key: string;
  sex: 'L' | 'P';
  birth_place: string | null;
  birth_date: string | null;
  relationship: string;
  mother_name: string | null;
  marital_status: string | null;
  education: string | null;
  occupation: string | null;
  /** Specific data (UU PDP): disability and health. */
  disability: string | null;
  chronic_illness: string | null;
  status: PersonStatus;
  status_reason: string | null;
  status_date: string | null;
  id_warnings_json: string;
  merged_into: string | null;
  deleted_at: string | null;
  deleted_reason: string | null;
  /** National identifiers kept from imported files (ID DTKS, IDARTBDT, KKS card). */
  dtks_id: string | null;
  bdt_id: string | null;
  kks_number: string | null;
  /** When the person's personal data was removed after the retention period (0007). */
  purged_at?: string | null;
  /** The family's desa, set by triggers for search (0008); a device's own column, never synced. */
  household_desa?: string | null;
  /** Specific data (0011): digits only; shown only to roles with registry.readSpecific. */
  bank_account?: string | null;
  phone_number?: string | null;
}

/** A person row as read (row_no is generated on insert). */
export type Person = Selectable<PeopleTable>;

export interface PeopleFtsTable {
  rowid: number;
  name_key: string;
  people_fts: string;
}

/**
 * Each word (3+ letters) of a person's name key under the person's desa, and the desa's word list
 * (under '#' and the desa, row 0, no name), kept by triggers (0020).
 */
export interface PeopleNameWordsTable {
  household_desa: string;
  word: string;
  row_no: number;
  name_key: string;
}

export type EnrolmentStatus = 'usulan' | 'aktif' | 'ditangguhkan' | 'graduasi' | 'dikeluarkan';

export interface EnrolmentsTable extends Synced {
  program_id: string;
  component_id: string | null;
  household_id: string;
  person_id: string | null;
  status: EnrolmentStatus;
  status_reason: string | null;
  channel: string | null;
  start_date: string | null;
  end_date: string | null;
  deleted_at: string | null;
}

export interface VerificationsTable extends Synced {
  household_id: string;
  desa_code: string;
  source: 'usulan' | 'sanggah' | 'kualitas_data' | 'semua';
  status: 'belum_diverifikasi' | 'sedang_ditinjau' | 'terverifikasi';
  assigned_to: string | null;
  visit_date: string | null;
  visit_json: string;
  findings: string;
  outcome: 'layak' | 'tidak_layak' | null;
  outcome_reason: string | null;
  submitted_by: string | null;
  submitted_at: string | null;
  approval: 'disetujui' | 'dikembalikan' | null;
  approval_note: string | null;
  approved_by: string | null;
  approved_at: string | null;
  /** JSON: the enrolments the approval changed, before and after (0012; core/verification/outcomes.ts). */
  enrolment_changes: string;
}

/** Attachment files waiting for the central server, sealed with the office key (0019). */
export interface AttachmentUploadsTable {
  attachment_id: string;
  sha256: string;
  sealed: Buffer | null;
}

export interface AttachmentsTable {
  id: string;
  owner_entity: string;
  owner_id: string;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface DisbursementPeriodsTable extends Synced {
  program_id: string;
  year: number;
  start_month: number;
  months: number;
  label: string;
  status: 'dibuka' | 'ditutup';
  opened_by: string | null;
  opened_at: string;
  closed_by: string | null;
  closed_at: string | null;
  /** When every recipient should have been paid (0011): "tersalurkan tepat waktu". */
  due_date?: string | null;
}

export type Channel = 'bank_kks' | 'pos' | 'tunai';
export type PaymentStatus = 'belum' | 'tersalurkan' | 'dikembalikan';

export interface DisbursementItemsTable extends Synced {
  period_id: string;
  enrolment_id: string;
  household_id: string;
  person_id: string | null;
  recipient_name: string;
  recipient_nik: string | null;
  kk_number: string | null;
  desa_code: string;
  amount: number;
  channel: Channel;
  status: PaymentStatus;
  not_paid_reason: string | null;
  paid_date: string | null;
  reference: string | null;
}

export interface DisbursementCorrectionsTable {
  id: string;
  item_id: string;
  period_id: string;
  changes_json: string;
  reason: string;
  corrected_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export type CaseType = 'permohonan_bantuan' | 'rujukan' | 'atensi' | 'kedaruratan' | 'pengaduan';
export type CaseStatus = 'baru' | 'asesmen' | 'dalam_layanan' | 'selesai' | 'ditutup';

export interface CasesTable extends Synced {
  household_id: string;
  person_id: string | null;
  type: CaseType;
  title: string;
  description: string;
  atensi_cluster: string | null;
  status: CaseStatus;
  assigned_to: string | null;
  due_date: string | null;
  opened_at: string;
  closed_at: string | null;
  closing_note: string | null;
  desa_code: string;
}

export interface CaseEventsTable {
  id: string;
  case_id: string;
  kind: 'catatan' | 'status' | 'rujukan' | 'penugasan';
  text: string;
  data_json: string;
  author_id: string | null;
  author_name: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ReferralsTable extends Synced {
  case_id: string;
  agency: string;
  reason: string;
  status: 'dikirim' | 'diterima' | 'selesai' | 'ditolak';
  referred_at: string;
  response: string | null;
  responded_at: string | null;
}

export interface ComplaintsTable extends Synced {
  kind: 'usul' | 'sanggah' | 'keluhan';
  channel: string;
  anonymous: number;
  reporter_name: string | null;
  reporter_contact: string | null;
  household_id: string | null;
  person_id: string | null;
  desa_code: string | null;
  subject: string;
  description: string;
  received_at: string;
  status: 'diterima' | 'diproses' | 'selesai';
  resolution: string | null;
  resolved_at: string | null;
  assigned_to: string | null;
}

export interface DuplicateCandidatesTable extends Synced {
  person_a: string;
  person_b: string;
  score: number;
  /** JSON string[]: reasons in Indonesian */
  reasons_json: string;
  status: 'terbuka' | 'bukan_duplikat' | 'digabung';
  decided_by: string | null;
  decided_at: string | null;
  /** JSON: what a merge moved, so it can be undone */
  merge_json: string | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface UsersTable {
  id: string;
  username: string;
  full_name: string;
  role: Role;
  /** JSON AreaScope */
  area_json: string;
  active: number;
  must_change_password: number;
  /** Counts the account's password changes; a session opened under an older one has ended (0025). */
  password_version: number;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface SettingsTable {
  key: string;
  value_json: string;
  updated_at: string;
  updated_by: string | null;
}

/** The office's report settings (0017): one synced row, id "office", fields merged one by one. */
export interface ReportSettingsTable {
  id: string;
  kop_lines_json: string | null;
  kop_address: string | null;
  kop_phone: string | null;
  kop_email: string | null;
  kop_website: string | null;
  city: string | null;
  reports_json: string | null;
  logo_sha256: string | null;
  logo_json: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export type RegionLevel = 'provinsi' | 'kota' | 'kabupaten' | 'kecamatan' | 'kelurahan' | 'desa';

export interface RegionsTable {
  /** Kemendagri code with dots, e.g. 35.79.01.1001 */
  code: string;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
  postal_code: string | null;
  bps_code: string | null;
  /** Name folded for matching spreadsheet spellings ("ORO ORO OMBO" = "Oro-oro Ombo") */
  name_key: string;
}

export interface AuditLogTable {
  seq: number;
  id: string;
  at: string;
  user_id: string | null;
  username: string | null;
  device_id: string;
  action: string;
  entity: string;
  entity_id: string | null;
  changes_json: string;
  prev_hash: string;
  hash: string;
  /** The household the entry concerns, when there is one (added by 0002). */
  subject_id: string | null;
  /** Values removed by a retention purge (0007): the id of that purge's audit entry. */
  redacted_by?: string | null;
}

export type TableName = keyof Schema;

/** The transactional outbox (migration 0004): one row per change of a synced row. */
export interface SyncOutboxTable {
  device_seq: number;
  mutation_id: string;
  entity: string;
  entity_id: string;
  op: 'insert' | 'update' | 'delete' | 'resolve' | 'batch';
  base_version: number;
  changes_json: string;
  user_id: string | null;
  username: string | null;
  at: string;
  prev_hash: string;
  hash: string;
  acked_at: string | null;
  /** Values removed by a retention purge after the server acknowledged the row (0007). */
  redacted_by?: string | null;
  /** The changes the row carries: 1, or an import chunk's rows (0024). */
  row_count: Generated<number>;
}

/** Which families a bulk export or a BNBA print disclosed (0007), for Data Saya. */
export interface DisclosuresTable {
  household_id: string;
  audit_id: string;
}

export interface SyncStateTable {
  key: string;
  value: string;
}

/** The server's conflicts queue as of the last sync (view_json: common/sync ConflictView). */
export interface SyncConflictsTable {
  id: string;
  view_json: string;
  status: string;
  at: string;
}

/** The frozen document of a report on closed periods (migration 0005, core/reports/snapshots.ts). */
export interface ReportSnapshotsTable {
  id: string;
  report: string;
  params_key: string;
  params_json: string;
  revision: number;
  period_ids_json: string;
  closed_at: string;
  document_json: string;
  hash: string;
  code: string;
  created_by: string | null;
  superseded_at: string | null;
  superseded_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ImportBatchesTable {
  id: string;
  kind: string;
  file_name: string;
  sheet: string;
  mapping_json: string;
  options_json: string;
  counts_json: string;
  /**
   * JSON: rows created (ids) and changed (their values before), so the batch can be undone.
   * Empty for a batch recorded in import_batch_rows (migration 0010, rows_sha256 set).
   */
  undo_json: string;
  status: 'committed' | 'undone';
  /** SHA-256 of the imported file (0010; null before). */
  file_sha256: string | null;
  /** SHA-256 over the batch's record in import_batch_rows (core/audit/batch.ts; 0010). */
  rows_sha256: string | null;
  row_count: number | null;
  /** Digest over the chunks the batch synced as (0016, common/sync/batch.ts); null: none synced. */
  sync_sha256?: string | null;
  /** Set on the batch an undo wrote: the batch it undid (0023). Null for an import. */
  undoes?: string | null;
  created_by: string | null;
  undone_at: string | null;
  undone_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** One row an import batch created, changed or removed (migration 0010): what undo and audit verify read. */
export interface ImportBatchRowsTable {
  batch_id: string;
  entity: string;
  entity_id: string;
  op: 'create' | 'update' | 'remove';
  /** The family the row concerns (Data Saya, the family's history). */
  household_id: string | null;
  /** A changed or removed row's values before the batch (canonical JSON); null for a created row. */
  before_json: string | null;
  /** The row's version as the batch left it. */
  version: number;
  /** SHA-256 of the row's canonical content as the batch left it (core/audit/batch.ts). */
  row_hash: string;
  /** Set when retention redacted before_json (0015): the SHA-256 of the values it held. */
  before_sha256?: string | null;
  /** The retention purge's audit entry id that redacted before_json (0015). */
  redacted_by?: string | null;
}

export interface ImportMappingsTable {
  id: string;
  name: string;
  kind: string;
  /** JSON: normalised header -> field */
  mapping_json: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A leakage signal someone checked, with what they found (0011, core/signals). Local. */
export interface SignalChecksTable {
  id: string;
  kind: string;
  subject_key: string;
  household_id: string | null;
  note: string;
  checked_by: string | null;
  /** The checker's full name (0017): checked_by is a user id only the checking workstation knows. */
  checked_by_name: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A DTKS/DTSEN release as imported (0013, core/release). Local to the workstation. */
export interface DtksReleasesTable {
  id: string;
  source: string;
  release_date: string;
  file_name: string;
  file_sha256: string;
  row_count: number;
  rows_sha256: string;
  imported_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A release's rows as read, with the registry person/family each matched (0013). */
export interface DtksReleaseRowsTable {
  id: string;
  release_id: string;
  row_no: number;
  dtks_id: string | null;
  bdt_id: string | null;
  nik: string | null;
  kk_number: string | null;
  name: string;
  sex: 'L' | 'P' | null;
  birth_date: string | null;
  address: string;
  desa_code: string | null;
  desil: number | null;
  died: number;
  person_id: string | null;
  household_id: string | null;
  matched_by: 'dtks_id' | 'bdt_id' | 'nik' | 'kk' | null;
}

/** What a release changes in the registry, and the clerk's decision on it (0013). */
export interface DtksReleaseChangesTable {
  id: string;
  release_id: string;
  category: 'new' | 'gone' | 'desil_up' | 'desil_down' | 'name' | 'kk' | 'address' | 'died';
  household_id: string | null;
  person_id: string | null;
  release_row_id: string | null;
  desa_code: string | null;
  subject_name: string;
  before_value: string | null;
  after_value: string | null;
  decision: 'diterima' | 'ditolak' | null;
  reason: string | null;
  verification_id: string | null;
  decided_by: string | null;
  decided_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}
