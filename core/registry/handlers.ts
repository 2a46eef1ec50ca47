import type { registryMethods } from '../../common/api/methods/registry.ts';
import type { HandlersFor } from '../dispatch/handler.ts';
import { registryContext } from './context.ts';
import { decideDuplicate, listDuplicates, toDuplicateView, undoDecision } from './duplicates.ts';
import { householdPage } from './householdPage.ts';
import { startJob } from '../jobs/start.ts';
import type { ScanJobParams } from './scanJob.ts';
import { assertInScope, scopeToParams } from './scope.ts';
import {
  changeKk,
  createHousehold,
  getHousehold,
  removeHousehold,
  setDesil,
  splitHousehold,
  updateHousehold,
} from './households.ts';
import { addPerson, findByNik, getPerson, movePerson, setPersonStatus, updatePerson } from './people.ts';
import { findPeople, listHouseholds } from './search.ts';
import { toHouseholdView, toPersonRow, toPersonView } from './views.ts';
import { qb } from '../../db/sql.ts';
import { notFound } from '../../common/errors.ts';

export const registryHandlers: HandlersFor<keyof typeof registryMethods> = {
  'registry.findPeople': (input, ctx) => {
    const r = registryContext(ctx);
    return findPeople(r.sql, r.regions, r.scope, input.query, {
      limit: input.limit,
      ...(input.desaCode ? { desaCode: input.desaCode } : {}),
    });
  },

  'registry.listHouseholds': (input, ctx) => {
    const r = registryContext(ctx);
    const { limit, cursor, ...filters } = input;
    return listHouseholds(r.sql, r.regions, r.scope, filters, { limit, cursor });
  },

  'households.get': (input, ctx) => {
    const r = registryContext(ctx);
    const page = householdPage(r.sql, r.regions, r.scope, input.id);
    // Every look at a family's data is processing under UU PDP Pasal 31: it is recorded.
    ctx.write((changes) =>
      changes.about(input.id, () =>
        changes.note('households.view', 'households', input.id, { specific: r.scope.readSpecific }),
      ),
    );
    return page;
  },

  'households.create': (input, ctx) => {
    const r = registryContext(ctx);
    const { id, warnings } = ctx.write((changes) => createHousehold(changes, r, input));
    return { value: { id }, warnings };
  },

  'households.update': (input, ctx) => {
    const r = registryContext(ctx);
    const { warnings } = ctx.write((changes) =>
      updateHousehold(changes, r, input.id, input.expectedVersion, input.household),
    );
    return { value: toHouseholdView(getHousehold(r.sql, input.id, r.scope), r.regions), warnings };
  },

  'households.changeKk': (input, ctx) => {
    const r = registryContext(ctx);
    const { warnings } = ctx.write((changes) => changeKk(changes, r, input.id, input.kkNumber, input.reason));
    return { value: toHouseholdView(getHousehold(r.sql, input.id, r.scope), r.regions), warnings };
  },

  'households.setDesil': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) => setDesil(changes, r, input.id, input.desil, input.asOf, input.source));
    return toHouseholdView(getHousehold(r.sql, input.id, r.scope), r.regions);
  },

  'households.remove': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) => removeHousehold(changes, r, input.id, input.reason));
    return {};
  },

  'households.split': (input, ctx) => {
    const r = registryContext(ctx);
    const { id, warnings } = ctx.write((changes) => splitHousehold(changes, r, input));
    return { value: { id }, warnings };
  },

  'people.add': (input, ctx) => {
    const r = registryContext(ctx);
    const { id, warnings } = ctx.write((changes) => addPerson(changes, r, input.householdId, input.person));
    return { value: toPersonView(getPerson(r.sql, id, r.scope), r.scope), warnings };
  },

  'people.update': (input, ctx) => {
    const r = registryContext(ctx);
    const { warnings } = ctx.write((changes) =>
      updatePerson(changes, r, input.id, input.expectedVersion, input.person),
    );
    return { value: toPersonView(getPerson(r.sql, input.id, r.scope), r.scope), warnings };
  },

  'people.move': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) =>
      movePerson(changes, r, input.id, input.toHouseholdId, input.relationship, input.reason),
    );
    return toPersonView(getPerson(r.sql, input.id, r.scope), r.scope);
  },

  'people.setStatus': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) => setPersonStatus(changes, r, input.id, input.status, input.date, input.reason));
    return toPersonView(getPerson(r.sql, input.id, r.scope), r.scope);
  },

  'people.lookupNik': (input, ctx) => {
    const r = registryContext(ctx);
    const found = findByNik(r.sql, input.nik);
    if (!found || (r.scope.desaCodes && !r.scope.desaCodes.has(found.desa_code))) return null;
    return toPersonRow(found, r.regions);
  },

  'duplicates.scan': (input, ctx) => {
    const { scope } = registryContext(ctx);
    // Refused at once rather than by the job: a desa outside the area is not the caller's to scan.
    if (input.desaCode) assertInScope(scope, input.desaCode);
    const params: ScanJobParams = {
      scope: scopeToParams(scope),
      desaCode: input.desaCode ?? null,
    };
    return { jobId: startJob(ctx, 'duplicates.scan', params) };
  },

  'duplicates.list': (input, ctx) => {
    const r = registryContext(ctx);
    return listDuplicates(r.sql, r.regions, r.scope, input.status, input.limit);
  },

  'duplicates.decide': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) => decideDuplicate(changes, r.scope, input.id, input.decision, input.keep));
    return view(r, input.id);
  },

  'duplicates.undo': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) => undoDecision(changes, r.scope, input.id));
    return view(r, input.id);
  },
};

function view(r: ReturnType<typeof registryContext>, id: string) {
  const row = r.sql.first(qb.selectFrom('duplicate_candidates').selectAll().where('id', '=', id));
  if (!row) throw notFound('Pasangan data ganda');
  return toDuplicateView(r.sql, r.regions, row);
}
