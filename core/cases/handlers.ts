import { localDate } from '../../common/format.ts';
import type { HandlersFor } from '../dispatch/handler.ts';
import { registryContext } from '../registry/context.ts';
import {
  addCaseNote,
  assignCase,
  createCase,
  createComplaint,
  getCaseView,
  getComplaintView,
  listCases,
  listComplaints,
  referCase,
  setCaseStatus,
  updateComplaint,
  updateReferral,
} from './cases.ts';

type Methods =
  | 'cases.create'
  | 'cases.list'
  | 'cases.get'
  | 'cases.setStatus'
  | 'cases.assign'
  | 'cases.addNote'
  | 'cases.refer'
  | 'cases.updateReferral'
  | 'complaints.create'
  | 'complaints.list'
  | 'complaints.get'
  | 'complaints.update';

const today = (now: Date) => localDate(now);

export const caseHandlers: HandlersFor<Methods> = {
  'cases.create': (input, ctx) => {
    const r = registryContext(ctx);
    const id = ctx.write((changes) => createCase(changes, r.scope, input));
    return getCaseView(r.sql, r.regions, r.scope, id, today(ctx.now()));
  },
  'cases.list': (input, ctx) => {
    const r = registryContext(ctx);
    const { assignedToMe, ...filters } = input;
    return listCases(
      r.sql,
      r.regions,
      r.scope,
      { ...filters, ...(assignedToMe ? { assignedTo: r.scope.userId } : {}) },
      today(ctx.now()),
    );
  },
  'cases.get': (input, ctx) => {
    const r = registryContext(ctx);
    return getCaseView(r.sql, r.regions, r.scope, input.id, today(ctx.now()));
  },
  'cases.setStatus': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) => setCaseStatus(changes, r.scope, input.id, input.status, input.note));
    return getCaseView(r.sql, r.regions, r.scope, input.id, today(ctx.now()));
  },
  'cases.assign': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) => assignCase(changes, r.scope, input.id, input.userId, input.dueDate));
    return getCaseView(r.sql, r.regions, r.scope, input.id, today(ctx.now()));
  },
  'cases.addNote': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) => addCaseNote(changes, r.scope, input.id, input.text));
    return getCaseView(r.sql, r.regions, r.scope, input.id, today(ctx.now()));
  },
  'cases.refer': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) => referCase(changes, r.scope, input.id, input.agency, input.reason));
    return getCaseView(r.sql, r.regions, r.scope, input.id, today(ctx.now()));
  },
  'cases.updateReferral': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) =>
      updateReferral(changes, r.scope, input.id, input.referralId, input.status, input.response),
    );
    return getCaseView(r.sql, r.regions, r.scope, input.id, today(ctx.now()));
  },
  'complaints.create': (input, ctx) => {
    const r = registryContext(ctx);
    const id = ctx.write((changes) => createComplaint(changes, r.scope, input));
    return getComplaintView(r.sql, r.regions, r.scope, id, ctx.now());
  },
  'complaints.list': (input, ctx) => {
    const r = registryContext(ctx);
    const { limit, ...filters } = input;
    return listComplaints(r.sql, r.regions, r.scope, { ...filters, limit }, ctx.now());
  },
  'complaints.get': (input, ctx) => {
    const r = registryContext(ctx);
    return getComplaintView(r.sql, r.regions, r.scope, input.id, ctx.now());
  },
  'complaints.update': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) => updateComplaint(changes, r.scope, input.id, input));
    return getComplaintView(r.sql, r.regions, r.scope, input.id, ctx.now());
  },
};
