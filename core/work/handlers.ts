import { localDate } from '../../common/format.ts';
import type { HandlersFor } from '../dispatch/handler.ts';
import { qb } from '../../db/sql.ts';
import { registryContext } from '../registry/context.ts';
import { myWork } from './worklist.ts';

export const workHandlers: HandlersFor<'work.mine' | 'users.directory'> = {
  'work.mine': (_input, ctx) => {
    const r = registryContext(ctx);
    return myWork(r.sql, r.regions, r.scope, ctx.requireSession(), localDate(ctx.now()));
  },
  'users.directory': (_input, ctx) =>
    ctx
      .db()
      .sql.all(
        qb
          .selectFrom('users')
          .select(['id', 'full_name', 'role'])
          .where('active', '=', 1)
          .orderBy('full_name'),
      )
      .map((u) => ({ id: u.id, fullName: u.full_name, role: u.role })),
};
