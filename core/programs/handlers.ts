import { readFileSync } from 'node:fs';
import type { programMethods } from '../../common/api/methods/programs.ts';
import { AppFailure, notFound } from '../../common/errors.ts';
import { qb } from '../../db/sql.ts';
import type { HandlersFor } from '../dispatch/handler.ts';
import { newId } from '../ids.ts';
import { parseRegionCsv, replaceRegions } from '../regions/regions.ts';
import { registryContext } from '../registry/context.ts';
import { getHousehold } from '../registry/households.ts';
import { createEnrolment, getEnrolment, listEnrolments, setEnrolmentStatus } from './enrolments.ts';
import { getProgram, listPrograms, listRefValues } from './reference.ts';

export const programHandlers: HandlersFor<keyof typeof programMethods> = {
  'reference.programs': (_input, ctx) => listPrograms(ctx.db().sql),

  'reference.updateProgram': (input, ctx) => {
    const sql = ctx.db().sql;
    getProgram(sql, input.id);
    ctx.write((changes) =>
      changes.update(
        'programs',
        input.id,
        {
          name: input.name,
          schedule: input.schedule,
          default_channel: input.defaultChannel,
          desa_only: input.desaOnly === undefined ? undefined : input.desaOnly ? 1 : 0,
          excludes_json: input.excludes ? JSON.stringify(input.excludes) : undefined,
          description: input.description,
          active: input.active === undefined ? undefined : input.active ? 1 : 0,
        },
        'reference.update_program',
      ),
    );
    return listPrograms(sql).find((p) => p.id === input.id)!;
  },

  'reference.saveComponent': (input, ctx) => {
    const sql = ctx.db().sql;
    getProgram(sql, input.programId);
    const clash = sql.first(
      qb
        .selectFrom('program_components')
        .select('id')
        .where('program_id', '=', input.programId)
        .where('code', '=', input.code),
    );
    if (clash && clash.id !== input.id)
      throw new AppFailure('CONFLICT', `Kode komponen "${input.code}" sudah ada di program ini.`, {
        fields: [{ path: 'code', message: 'Sudah dipakai.' }],
      });
    ctx.write((changes) => {
      const fields = {
        code: input.code,
        name: input.name,
        amount: input.amount,
        amount_unit: input.amountUnit,
        active: input.active ? 1 : 0,
      };
      if (input.id) {
        const existing = sql.first(
          qb.selectFrom('program_components').select('program_id').where('id', '=', input.id),
        );
        if (existing?.program_id !== input.programId) throw notFound('Komponen');
        changes.update('program_components', input.id, fields, 'reference.save_component');
      } else {
        const sort =
          sql.first(
            qb
              .selectFrom('program_components')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('program_id', '=', input.programId),
          )?.n ?? 0;
        changes.insert(
          'program_components',
          { id: newId(), program_id: input.programId, sort, ...fields } as never,
          'reference.save_component',
        );
      }
    });
    return listPrograms(sql).find((p) => p.id === input.programId)!;
  },

  'reference.values': (input, ctx) => listRefValues(ctx.db().sql, input.kinds),

  'reference.saveValue': (input, ctx) => {
    const sql = ctx.db().sql;
    const clash = sql.first(
      qb.selectFrom('ref_values').select('id').where('kind', '=', input.kind).where('code', '=', input.code),
    );
    if (clash && clash.id !== input.id)
      throw new AppFailure('CONFLICT', `Kode "${input.code}" sudah ada di daftar ini.`, {
        fields: [{ path: 'code', message: 'Sudah dipakai.' }],
      });
    const id = input.id ?? newId();
    ctx.write((changes) => {
      if (input.id)
        changes.update(
          'ref_values',
          id,
          { code: input.code, label: input.label, active: input.active ? 1 : 0 },
          'reference.save_value',
        );
      else
        changes.insert(
          'ref_values',
          {
            id,
            kind: input.kind,
            code: input.code,
            label: input.label,
            sort: 999,
            active: input.active ? 1 : 0,
          } as never,
          'reference.save_value',
        );
    });
    return listRefValues(sql, [input.kind]).find((v) => v.id === id)!;
  },

  'regions.import': (input, ctx) => {
    const path = ctx.core.files.resolve(input.file, 'read', ctx.requireSession().userId);
    const regions = parseRegionCsv(readFileSync(path, 'utf8'));
    const inUse = ctx
      .db()
      .sql.all(qb.selectFrom('households').select('desa_code').where('deleted_at', 'is', null).distinct());
    const missing = inUse.filter((h) => !regions.some((r) => r.code === h.desa_code));
    if (missing.length) {
      throw new AppFailure(
        'CONFLICT',
        `Daftar baru tidak memuat ${missing.length} desa/kelurahan yang masih dipakai data keluarga (mis. ${missing[0]!.desa_code}). Lengkapi berkasnya.`,
      );
    }
    return ctx.write((changes) => replaceRegions(changes, regions));
  },

  'enrolments.list': (input, ctx) => {
    const r = registryContext(ctx);
    getHousehold(r.sql, input.householdId, r.scope);
    return listEnrolments(r.sql, input.householdId);
  },

  'enrolments.create': (input, ctx) => {
    const r = registryContext(ctx);
    const { id, warnings } = ctx.write((changes) => createEnrolment(changes, r.scope, r.regions, input));
    return { value: getEnrolment(r.sql, id), warnings };
  },

  'enrolments.setStatus': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) =>
      setEnrolmentStatus(changes, r.scope, input.id, input.status, input.date, input.reason),
    );
    return getEnrolment(r.sql, input.id);
  },
};
