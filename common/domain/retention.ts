import { REDACTED } from '../audit/redaction.ts';

/**
 * UU PDP retention: what a purge writes. Shared by the workstation that purges (core/retention)
 * and the central server, which accepts a purge from an administrator only when every value it
 * writes is one of these: the right to purge is not a right to edit.
 */
export const PURGED_NAME = 'Data dihapus (masa retensi)';

/** The personal fields of each table and what they become. Everything not listed is kept. */
export const PURGED_VALUES = {
  people: {
    name: PURGED_NAME,
    name_key: '',
    phonetic_key: '',
    nik: null,
    birth_place: null,
    birth_date: null,
    mother_name: null,
    marital_status: null,
    education: null,
    occupation: null,
    disability: null,
    chronic_illness: null,
    status_reason: null,
    id_warnings_json: '[]',
    deleted_reason: null,
    dtks_id: null,
    bdt_id: null,
    kks_number: null,
    bank_account: null,
    phone_number: null,
  },
  households: {
    kk_number: null,
    dusun: null,
    rt: null,
    rw: null,
    address: '',
    house_ownership: null,
    floor_area_m2: null,
    floor_type: null,
    wall_type: null,
    roof_type: null,
    water_source: null,
    lighting: null,
    toilet: null,
    assets_json: '[]',
    monthly_income: null,
    notes: '',
    status_reason: null,
    deleted_reason: null,
    family_ref: null,
  },
  household_kk_history: { kk_number: '', reason: '' },
  disbursement_items: { recipient_name: PURGED_NAME, recipient_nik: null, kk_number: null, reference: null },
  enrolments: { status_reason: null },
  verifications: {
    visit_json: '{}',
    findings: '',
    outcome_reason: null,
    approval_note: null,
    // It holds the suspension reason, which quotes the outcome's reason.
    enrolment_changes: '[]',
  },
  cases: { title: REDACTED, description: '', closing_note: null },
  case_events: { text: '', data_json: '{}' },
  referrals: { reason: '', response: null },
  complaints: {
    reporter_name: null,
    reporter_contact: null,
    subject: REDACTED,
    description: '',
    resolution: null,
  },
  duplicate_candidates: { reasons_json: '[]', merge_json: null },
  attachments: { file_name: REDACTED },
} as const;

/** Fields a purge sets to its own time: when the data went (and, for a file, that it is gone). */
export const PURGE_MARKS: Readonly<Record<string, string>> = {
  people: 'purged_at',
  households: 'purged_at',
  attachments: 'deleted_at',
};

/** True when an update writes nothing but purge values (and the purge's own time mark). */
export function isPurgeWrite(entity: string, op: string, changes: Record<string, { new: unknown }>): boolean {
  const values = (PURGED_VALUES as Record<string, Record<string, unknown>>)[entity];
  if (op !== 'update' || !values) return false;
  return Object.entries(changes).every(([field, change]) =>
    field === PURGE_MARKS[entity]
      ? typeof change.new === 'string'
      : field in values && values[field] === (change.new ?? null),
  );
}
