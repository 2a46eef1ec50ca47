import { localDate } from '../../common/format.ts';
import type { EnrolmentView } from '../../common/api/methods/programs.ts';
import type { ProblemView } from '../../common/api/methods/registry.ts';
import { AppFailure, notFound } from '../../common/errors.ts';
import { LIVE_ENROLMENT, type EnrolmentStatus } from '../../common/domain/registry.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { Changes } from '../db/changes.ts';
import { newId } from '../ids.ts';
import type { RegionNames } from '../regions/names.ts';
import { getHousehold } from '../registry/households.ts';
import type { Scope } from '../registry/scope.ts';
import { getProgram } from './reference.ts';

export interface NewEnrolment {
  householdId: string;
  personId: string | null;
  programId: string;
  componentId: string | null;
  status: 'usulan' | 'aktif';
  channel: 'bank_kks' | 'pos' | 'tunai' | null;
  startDate: string | null;
}

const enrolmentQuery = () =>
  qb
    .selectFrom('enrolments as e')
    .innerJoin('programs as p', 'p.id', 'e.program_id')
    .leftJoin('program_components as c', 'c.id', 'e.component_id')
    .leftJoin('people as pe', 'pe.id', 'e.person_id')
    .select([
      'e.id',
      'e.program_id',
      'p.code as program_code',
      'p.name as program_name',
      'e.component_id',
      'c.name as component_name',
      'e.household_id',
      'e.person_id',
      'pe.name as person_name',
      'e.status',
      'e.status_reason',
      'e.channel',
      'e.start_date',
      'e.end_date',
      'e.version',
    ])
    .where('e.deleted_at', 'is', null);

type EnrolmentRow = ReturnType<typeof enrolmentQuery> extends { execute(): Promise<(infer R)[]> } ? R : never;

function toView(r: EnrolmentRow): EnrolmentView {
  return {
    id: r.id,
    programId: r.program_id,
    programCode: r.program_code,
    programName: r.program_name,
    componentId: r.component_id,
    componentName: r.component_name,
    householdId: r.household_id,
    personId: r.person_id,
    personName: r.person_name,
    status: r.status,
    statusReason: r.status_reason,
    channel: r.channel as EnrolmentView['channel'],
    startDate: r.start_date,
    endDate: r.end_date,
    version: r.version,
  };
}

export function listEnrolments(sql: Sql, householdId: string): EnrolmentView[] {
  return sql
    .all(enrolmentQuery().where('e.household_id', '=', householdId).orderBy('p.code').orderBy('e.id'))
    .map(toView);
}

export function getEnrolment(sql: Sql, id: string): EnrolmentView {
  const row = sql.first(enrolmentQuery().where('e.id', '=', id));
  if (!row) throw notFound('Kepesertaan program');
  return toView(row);
}

/** Programme codes the household lives on now (proposed, active or suspended). */
function liveProgramCodes(sql: Sql, householdId: string): Set<string> {
  return new Set(
    sql
      .all(
        qb
          .selectFrom('enrolments')
          .innerJoin('programs', 'programs.id', 'enrolments.program_id')
          .select('programs.code')
          .where('enrolments.household_id', '=', householdId)
          .where('enrolments.status', 'in', [...LIVE_ENROLMENT])
          .where('enrolments.deleted_at', 'is', null),
      )
      .map((r) => r.code),
  );
}

/** Double benefits the programmes say should not be combined: a warning, the officer decides. */
function doubleBenefitWarnings(
  sql: Sql,
  householdId: string,
  programCode: string,
  excludes: string[],
): ProblemView[] {
  const live = liveProgramCodes(sql, householdId);
  const warnings: ProblemView[] = [];
  for (const other of sql.all(qb.selectFrom('programs').select(['code', 'excludes_json']))) {
    const otherExcludes = JSON.parse(other.excludes_json) as string[];
    const clash =
      live.has(other.code) && (excludes.includes(other.code) || otherExcludes.includes(programCode));
    if (clash && other.code !== programCode) {
      warnings.push({
        path: 'programId',
        severity: 'warning',
        code: 'DOUBLE_BENEFIT',
        message: `Keluarga ini juga menerima ${other.code}; aturan program melarang ${programCode} dan ${other.code} diterima bersamaan (DOUBLE BANSOS). Pastikan sebelum mengaktifkan.`,
      });
    }
  }
  return warnings;
}

export function createEnrolment(
  changes: Changes,
  scope: Scope,
  regions: RegionNames,
  input: NewEnrolment,
): { id: string; warnings: ProblemView[] } {
  const sql = changes.db;
  const household = getHousehold(sql, input.householdId, scope);
  const program = getProgram(sql, input.programId);
  if (program.active !== 1) throw new AppFailure('CONFLICT', `Program ${program.code} sedang tidak aktif.`);
  if (program.desa_only === 1 && regions.level(household.desa_code) !== 'desa') {
    throw new AppFailure('VALIDATION', `${program.name} hanya untuk keluarga di desa, bukan kelurahan.`, {
      fields: [{ path: 'programId', message: 'Hanya untuk desa.' }],
    });
  }
  const components = sql.all(
    qb
      .selectFrom('program_components')
      .selectAll()
      .where('program_id', '=', program.id)
      .where('active', '=', 1),
  );
  let componentId = input.componentId;
  if (!componentId && components.length === 1) componentId = components[0]!.id;
  if (!componentId && components.length > 1) {
    throw new AppFailure('VALIDATION', `Pilih komponen ${program.code}.`, {
      fields: [{ path: 'componentId', message: 'Pilih komponen.' }],
    });
  }
  if (componentId && !components.some((c) => c.id === componentId))
    throw new AppFailure('VALIDATION', 'Komponen ini bukan milik program tersebut.', {
      fields: [{ path: 'componentId', message: 'Komponen tidak cocok.' }],
    });
  if (program.target === 'person' && !input.personId) {
    throw new AppFailure('VALIDATION', `${program.code} untuk perorangan: pilih anggota keluarganya.`, {
      fields: [{ path: 'personId', message: 'Pilih anggota.' }],
    });
  }
  if (input.personId) {
    const person = sql.first(
      qb
        .selectFrom('people')
        .select(['household_id', 'status'])
        .where('id', '=', input.personId)
        .where('deleted_at', 'is', null),
    );
    if (!person || person.household_id !== household.id)
      throw new AppFailure('VALIDATION', 'Orang ini bukan anggota keluarga tersebut.', {
        fields: [{ path: 'personId', message: 'Bukan anggota.' }],
      });
    if (person.status !== 'aktif')
      throw new AppFailure('VALIDATION', 'Hanya anggota yang aktif yang dapat didaftarkan.', {
        fields: [{ path: 'personId', message: 'Tidak aktif.' }],
      });
  }
  let same = qb
    .selectFrom('enrolments')
    .select('id')
    .where('household_id', '=', household.id)
    .where('program_id', '=', program.id)
    .where('status', 'in', [...LIVE_ENROLMENT])
    .where('deleted_at', 'is', null);
  same = componentId ? same.where('component_id', '=', componentId) : same.where('component_id', 'is', null);
  same = input.personId ? same.where('person_id', '=', input.personId) : same.where('person_id', 'is', null);
  if (sql.first(same))
    throw new AppFailure(
      'CONFLICT',
      `Sudah terdaftar di ${program.code}${componentId ? ' untuk komponen ini' : ''}.`,
    );

  const warnings = doubleBenefitWarnings(
    sql,
    household.id,
    program.code,
    JSON.parse(program.excludes_json) as string[],
  );
  const id = newId();
  changes.about(household.id, () =>
    changes.insert(
      'enrolments',
      {
        id,
        program_id: program.id,
        component_id: componentId,
        household_id: household.id,
        person_id: input.personId,
        status: input.status,
        status_reason: null,
        channel: input.channel ?? program.default_channel,
        start_date: input.startDate ?? (input.status === 'aktif' ? localDate(changes.now) : null),
        end_date: null,
        deleted_at: null,
      } as never,
      'enrolments.create',
    ),
  );
  return { id, warnings };
}

export function setEnrolmentStatus(
  changes: Changes,
  scope: Scope,
  id: string,
  status: EnrolmentStatus,
  date: string,
  reason: string | null,
): void {
  const sql = changes.db;
  const before = sql.first(
    qb.selectFrom('enrolments').selectAll().where('id', '=', id).where('deleted_at', 'is', null),
  );
  if (!before) throw notFound('Kepesertaan program');
  getHousehold(sql, before.household_id, scope);
  if ((status === 'dikeluarkan' || status === 'ditangguhkan') && !reason?.trim()) {
    throw new AppFailure('VALIDATION', 'Tuliskan alasannya (misalnya SUDAH MAMPU, PINDAH, DATA GANDA).', {
      fields: [{ path: 'reason', message: 'Alasan wajib diisi.' }],
    });
  }
  const ends = status === 'graduasi' || status === 'dikeluarkan';
  changes.about(before.household_id, () =>
    changes.update(
      'enrolments',
      id,
      {
        status,
        status_reason: reason,
        start_date: status === 'aktif' && !before.start_date ? date : before.start_date,
        end_date: ends ? date : null,
      },
      'enrolments.set_status',
    ),
  );
}
