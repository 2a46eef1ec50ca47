import type { HouseholdView, PersonRow, PersonView, ProblemView } from '../../common/api/methods/registry.ts';
import type { HouseholdsTable, Person } from '../../db/schema.ts';
import type { RegionNames } from '../regions/names.ts';
import type { Scope } from './scope.ts';

export function toPersonView(row: Person, scope: Pick<Scope, 'readSpecific'>): PersonView {
  const hasSpecific =
    row.disability !== null ||
    row.chronic_illness !== null ||
    row.kks_number != null ||
    row.bank_account != null ||
    row.phone_number != null;
  return {
    id: row.id,
    householdId: row.household_id,
    nik: row.nik,
    name: row.name,
    sex: row.sex,
    birthPlace: row.birth_place,
    birthDate: row.birth_date,
    relationship: row.relationship,
    motherName: row.mother_name,
    maritalStatus: row.marital_status,
    education: row.education,
    occupation: row.occupation,
    disability: scope.readSpecific ? row.disability : null,
    chronicIllness: scope.readSpecific ? row.chronic_illness : null,
    kksNumber: scope.readSpecific ? row.kks_number : null,
    bankAccount: scope.readSpecific ? (row.bank_account ?? null) : null,
    phoneNumber: scope.readSpecific ? (row.phone_number ?? null) : null,
    specificHidden: !scope.readSpecific && hasSpecific,
    status: row.status,
    statusReason: row.status_reason,
    statusDate: row.status_date,
    idWarnings: (JSON.parse(row.id_warnings_json) as Omit<ProblemView, 'path'>[]).map((p) => ({
      path: '',
      ...p,
    })),
    version: row.version,
  };
}

export function toHouseholdView(row: HouseholdsTable, regions: RegionNames): HouseholdView {
  return {
    id: row.id,
    kkNumber: row.kk_number,
    desaCode: row.desa_code,
    desaName: regions.name(row.desa_code),
    kecamatanName: regions.kecamatanName(row.desa_code),
    dusun: row.dusun,
    rt: row.rt,
    rw: row.rw,
    address: row.address,
    desil: row.desil,
    desilAsOf: row.desil_as_of,
    dtksStatus: row.dtks_status,
    houseOwnership: row.house_ownership,
    floorAreaM2: row.floor_area_m2,
    floorType: row.floor_type,
    wallType: row.wall_type,
    roofType: row.roof_type,
    waterSource: row.water_source,
    lighting: row.lighting,
    toilet: row.toilet,
    assets: JSON.parse(row.assets_json) as string[],
    monthlyIncome: row.monthly_income,
    notes: row.notes,
    status: row.status,
    statusReason: row.status_reason,
    headPersonId: row.head_person_id,
    synthetic: row.synthetic === 1,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface PersonRowSource {
  id: string;
  household_id: string;
  nik: string | null;
  name: string;
  sex: 'L' | 'P';
  birth_date: string | null;
  relationship: string;
  status: string;
  kk_number: string | null;
  desa_code: string;
  rt: string | null;
  rw: string | null;
}

export function toPersonRow(r: PersonRowSource, regions: RegionNames): PersonRow {
  return {
    personId: r.id,
    householdId: r.household_id,
    nik: r.nik,
    name: r.name,
    sex: r.sex,
    birthDate: r.birth_date,
    relationship: r.relationship,
    status: r.status,
    kkNumber: r.kk_number,
    desaName: regions.name(r.desa_code),
    rt: r.rt,
    rw: r.rw,
  };
}
