import type { HandlersFor } from '../dispatch/handler.ts';
import { qb } from '../../db/sql.ts';
import { startJob } from '../jobs/start.ts';
import { scopeOf } from '../registry/scope.ts';
import { maskSpecificChanges } from '../registry/specific.ts';

export const auditHandlers: HandlersFor<'audit.list' | 'audit.verify'> = {
  /** Newest first; the cursor is the last seq seen. */
  'audit.list': (input, ctx) => {
    let query = qb
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(input.limit + 1);
    if (input.cursor) query = query.where('seq', '<', Number(input.cursor));
    if (input.action) query = query.where('action', 'like', `${input.action}%`);
    if (input.entity) query = query.where('entity', '=', input.entity);
    if (input.entityId) query = query.where('entity_id', '=', input.entityId);
    if (input.username) query = query.where('username', '=', input.username);
    if (input.from) query = query.where('at', '>=', input.from);
    if (input.to) query = query.where('at', '<=', input.to);
    const sql = ctx.db().sql;
    const { desaCodes, readSpecific } = scopeOf(sql, ctx.requireSession());
    // A reader limited to an area sees the entries about its families (where they live now), as
    // households.get would show them; entries about no family (accounts, logins, settings,
    // import batches) are for whole-city readers. Simpler and safer than reading each entry's
    // changes for the people or families they name.
    if (desaCodes)
      query = query.where(
        'subject_id',
        'in',
        qb
          .selectFrom('households')
          .select('id')
          .where('desa_code', 'in', [...desaCodes]),
      );
    const rows = sql.all(query);
    const page = rows.slice(0, input.limit);
    // Auditors and admins read the log but not specific data: the view hides it, the chain is untouched.
    return {
      entries: page.map((r) => ({
        seq: r.seq,
        at: r.at,
        username: r.username,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        changes: ((changes: Record<string, unknown>) =>
          readSpecific ? changes : maskSpecificChanges(changes))(
          JSON.parse(r.changes_json) as Record<string, unknown>,
        ),
      })),
      nextCursor: rows.length > input.limit ? String(page.at(-1)?.seq) : null,
    };
  },
  'audit.verify': (_input, ctx) => ({ jobId: startJob(ctx, 'audit.verify', {}) }),
};
