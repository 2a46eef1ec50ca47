import type { ProgramView, RefValueView } from '../../common/api/methods/programs.ts';
import { notFound } from '../../common/errors.ts';
import { DEFAULT_PROGRAMS, DEFAULT_REF_VALUES, LIVE_ENROLMENT } from '../../common/domain/registry.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { ProgramsTable } from '../../db/schema.ts';
import type { Changes } from '../db/changes.ts';
import { stableId } from '../ids.ts';

/** Ships the DOMAIN.md programmes and lists once; after that they belong to the admins. */
export function ensureReferenceDefaults(changes: Changes): void {
  const sql = changes.db;
  const hasPrograms = sql.first(qb.selectFrom('programs').select('id').limit(1));
  if (!hasPrograms) {
    for (const program of DEFAULT_PROGRAMS) {
      // Stable ids: every workstation seeds the same rows, and sync merges them (core/sync).
      const programId = stableId(`program:${program.code}`);
      changes.insert(
        'programs',
        {
          id: programId,
          code: program.code,
          name: program.name,
          target: program.target,
          benefit: program.benefit,
          schedule: program.schedule,
          default_channel: program.defaultChannel,
          desa_only: program.desaOnly ? 1 : 0,
          excludes_json: JSON.stringify(program.excludes),
          description: program.description,
          active: 1,
        } as never,
        'reference.defaults',
      );
      program.components.forEach((c, sort) =>
        changes.insert(
          'program_components',
          {
            id: stableId(`program_component:${program.code}:${c.code}`),
            program_id: programId,
            code: c.code,
            name: c.name,
            amount: c.amount,
            amount_unit: c.unit,
            sort,
            active: 1,
          } as never,
          'reference.defaults',
        ),
      );
    }
  }
  const hasValues = sql.first(qb.selectFrom('ref_values').select('id').limit(1));
  if (!hasValues) {
    for (const [kind, values] of Object.entries(DEFAULT_REF_VALUES)) {
      values.forEach(([code, label], sort) =>
        changes.insert(
          'ref_values',
          { id: stableId(`ref_value:${kind}:${code}`), kind, code, label, sort, active: 1 } as never,
          'reference.defaults',
        ),
      );
    }
  }
}

export function getProgram(sql: Sql, id: string): ProgramsTable {
  const row = sql.first(qb.selectFrom('programs').selectAll().where('id', '=', id));
  if (!row) throw notFound('Program');
  return row;
}

export function listPrograms(sql: Sql): ProgramView[] {
  const programs = sql.all(qb.selectFrom('programs').selectAll().orderBy('code'));
  const components = sql.all(qb.selectFrom('program_components').selectAll().orderBy('sort'));
  const counts = new Map(
    sql
      .all(
        qb
          .selectFrom('enrolments')
          .select(['program_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('status', 'in', [...LIVE_ENROLMENT])
          .where('deleted_at', 'is', null)
          .groupBy('program_id'),
      )
      .map((r) => [r.program_id, r.n]),
  );
  return programs.map((p) => ({
    id: p.id,
    code: p.code,
    name: p.name,
    target: p.target,
    benefit: p.benefit,
    schedule: p.schedule,
    defaultChannel: p.default_channel as ProgramView['defaultChannel'],
    desaOnly: p.desa_only === 1,
    excludes: JSON.parse(p.excludes_json) as string[],
    description: p.description,
    active: p.active === 1,
    components: components
      .filter((c) => c.program_id === p.id)
      .map((c) => ({
        id: c.id,
        code: c.code,
        name: c.name,
        amount: c.amount,
        amountUnit: c.amount_unit,
        active: c.active === 1,
      })),
    activeEnrolments: counts.get(p.id) ?? 0,
  }));
}

export function listRefValues(sql: Sql, kinds?: string[]): RefValueView[] {
  let query = qb.selectFrom('ref_values').selectAll().orderBy('kind').orderBy('sort').orderBy('label');
  if (kinds?.length) query = query.where('kind', 'in', kinds);
  return sql
    .all(query)
    .map((r) => ({ id: r.id, kind: r.kind, code: r.code, label: r.label, active: r.active === 1 }));
}

/** code -> label for one kind, for showing stored codes to people. */
export function refLabels(sql: Sql, kind: string): Map<string, string> {
  return new Map(
    sql
      .all(qb.selectFrom('ref_values').select(['code', 'label']).where('kind', '=', kind))
      .map((r) => [r.code, r.label]),
  );
}
