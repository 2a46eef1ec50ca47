import { AppFailure } from '../../common/errors.ts';
import type { HandlersFor } from '../dispatch/handler.ts';

export const keyHandlers: HandlersFor<'keys.rotate' | 'keys.newRecoveryCode'> = {
  'keys.rotate': async (input, ctx) => {
    const { core } = ctx;
    const session = ctx.requireSession();
    await core.vault.verifyPassword(session.username, input.password);
    if (core.jobs.running > 0) {
      throw new AppFailure(
        'CONFLICT',
        'Masih ada pekerjaan yang berjalan (impor, ekspor atau cadangan). Tunggu sampai selesai, lalu ulangi.',
      );
    }
    const next = core.vault.rotate(core.db);
    core.replaceKey(next);
    const rotatedAt = ctx.now().toISOString();
    ctx.write((changes) => changes.note('keys.rotate', 'database', null));
    return { rotatedAt };
  },
  'keys.newRecoveryCode': async (input, ctx) => {
    const { core } = ctx;
    await core.vault.verifyPassword(ctx.requireSession().username, input.password);
    const recoveryCode = await core.vault.newRecoveryCode(core.key);
    ctx.write((changes) => changes.note('keys.new_recovery_code', 'database', null));
    return { recoveryCode };
  },
};
