import type { HandlersFor } from '../dispatch/handler.ts';
import {
  addAttachment,
  attachmentRow,
  attachmentsOf,
  hasLocalFile,
  readLocalFile,
  storeLocalFile,
} from '../attachments/attachments.ts';
import { officeCode } from '../attachments/officeKey.ts';
import { fetchAttachmentFile, installOfficeKey } from '../sync/blobs.ts';
import { registryContext } from '../registry/context.ts';
import {
  approvalPreview,
  approve,
  assignVerification,
  createWorklist,
  listVerifications,
  saveVisit,
  startVerification,
  submitOutcome,
  undoApproval,
  verificationHousehold,
} from './verification.ts';
import { qb } from '../../db/sql.ts';
import { notFound } from '../../common/errors.ts';
import { assertInScope } from '../registry/scope.ts';

type Methods =
  | 'verification.get'
  | 'verification.createWorklist'
  | 'verification.list'
  | 'verification.start'
  | 'verification.saveVisit'
  | 'verification.submit'
  | 'verification.approve'
  | 'verification.approvalPreview'
  | 'verification.undoApproval'
  | 'verification.assign'
  | 'attachments.add'
  | 'attachments.get'
  | 'attachments.officeKey'
  | 'attachments.setOfficeKey';

export const verificationHandlers: HandlersFor<Methods> = {
  'verification.createWorklist': (input, ctx) => {
    const r = registryContext(ctx);
    return ctx.write((changes) => createWorklist(changes, r.scope, input.desaCode, input.source));
  },

  'verification.start': (input, ctx) => {
    const r = registryContext(ctx);
    return ctx.write((changes) => startVerification(changes, r.scope, input.householdId, input.source));
  },

  'verification.list': (input, ctx) => {
    const r = registryContext(ctx);
    const { limit, ...filters } = input;
    return listVerifications(r.sql, r.regions, r.scope, { ...filters, limit }, (id) =>
      attachmentsOf(r.sql, id),
    );
  },

  'verification.get': (input, ctx) => one(registryContext(ctx), input.id),

  'verification.saveVisit': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) => saveVisit(changes, r.scope, input.id, input.expectedVersion, input.visit));
    return one(r, input.id);
  },

  'verification.submit': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) => submitOutcome(changes, r.scope, input.id, input.outcome, input.reason));
    return one(r, input.id);
  },

  'verification.approve': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) => approve(changes, r.scope, input.id, input.decision, input.note));
    return one(r, input.id);
  },

  'verification.approvalPreview': (input, ctx) => {
    const r = registryContext(ctx);
    return approvalPreview(r.sql, r.scope, input.id, ctx.core.clock().toISOString());
  },

  'verification.undoApproval': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) => undoApproval(changes, r.scope, input.id));
    return one(r, input.id);
  },

  'verification.assign': (input, ctx) => {
    const r = registryContext(ctx);
    ctx.write((changes) => assignVerification(changes, r.scope, input.id, input.userId));
    return one(r, input.id);
  },

  'attachments.add': (input, ctx) => {
    const r = registryContext(ctx);
    const householdId =
      input.ownerEntity === 'verifications'
        ? verificationHousehold(r.sql, r.scope, input.ownerId)
        : (() => {
            const c = r.sql.first(
              qb.selectFrom('cases').select(['household_id', 'desa_code']).where('id', '=', input.ownerId),
            );
            if (!c) throw notFound('Kasus');
            assertInScope(r.scope, c.desa_code);
            return c.household_id;
          })();
    return ctx.write((changes) =>
      addAttachment(
        changes,
        ctx.core.dir.filesDir,
        { entity: input.ownerEntity, id: input.ownerId, householdId },
        input,
      ),
    );
  },

  /**
   * Reading a visit photo is processing of personal data: recorded like a page view. A file made
   * on another workstation is fetched from the server first and kept here.
   */
  'attachments.get': async (input, ctx) => {
    const r = registryContext(ctx);
    const row = attachmentRow(r.sql, input.id);
    const owner = r.sql.first(
      qb
        .selectFrom(row.ownerEntity === 'cases' ? 'cases' : 'verifications')
        .select(['household_id', 'desa_code'])
        .where('id', '=', row.ownerId),
    );
    if (!owner) throw notFound('Lampiran');
    assertInScope(r.scope, owner.desa_code);
    const filesDir = ctx.core.dir.filesDir;
    const fetched = hasLocalFile(filesDir, row.id) ? null : await fetchAttachmentFile(ctx.db(), row);
    ctx.write((changes) => {
      if (fetched) storeLocalFile(changes, filesDir, row.id, fetched);
      changes.about(owner.household_id, () => changes.note('attachments.view', 'attachments', input.id));
    });
    const data = fetched ?? readLocalFile(r.sql, filesDir, row.id);
    return { fileName: row.fileName, mime: row.mime, dataBase64: data.toString('base64') };
  },

  'attachments.officeKey': (input, ctx) => {
    const sql = ctx.db().sql;
    const code = officeCode(sql);
    if (!code || !input.reveal) return { present: code !== null, code: null };
    ctx.write((changes) => changes.note('sync.office_key.show', 'sync', null));
    return { present: true, code };
  },

  'attachments.setOfficeKey': (input, ctx) => ({
    code: ctx.write((changes) => installOfficeKey(changes, ctx.core.dir.filesDir, input.code)),
  }),
};

function one(r: ReturnType<typeof registryContext>, id: string) {
  const householdId = verificationHousehold(r.sql, r.scope, id);
  const found = listVerifications(r.sql, r.regions, r.scope, { householdId, limit: 500 }, (owner) =>
    attachmentsOf(r.sql, owner),
  ).find((v) => v.id === id);
  if (!found) throw notFound('Verifikasi');
  return found;
}
