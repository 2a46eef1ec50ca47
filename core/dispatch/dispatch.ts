import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { api, isMethodName, type MethodName } from '../../common/api/contract.ts';
import { useIndonesianMessages } from '../../common/api/issues.ts';
import type { Access } from '../../common/api/define.ts';
import { can, PERMISSION_LABELS } from '../../common/auth/roles.ts';
import { AppFailure } from '../../common/errors.ts';
import type { AppError, FieldProblem } from '../../common/result.ts';
import type { BansosCore, DispatchOutcome, SessionChange } from '../app.ts';
import { SAVE_PURPOSE } from '../files.ts';
import { liveSession } from '../auth/liveSession.ts';
import type { Session } from '../auth/sessions.ts';
import type { Actor } from '../db/changes.ts';
import { handlers } from './handlers.ts';
import type { HandlerContext } from './handler.ts';

// Zod's own messages in plain Indonesian (a schema's own message still wins).
useIndonesianMessages();

function zodFields(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * Finds the caller's session and checks it may call a method with this access rule; a call that
 * is `activity` (not a page's poll) holds off the idle lock.
 */
function authorize(
  core: BansosCore,
  access: Access,
  token: string | null,
  activity: boolean,
): Session | null {
  if (access.kind === 'public') return core.sessions.get(token) ?? null;
  const session = liveSession(core, token, {
    activity,
    whileLocked: access.kind === 'session' && access.whileLocked === true,
    beforePasswordChange: access.kind === 'session' && access.beforePasswordChange === true,
  });
  if (access.kind === 'permission' && !can(session.role, access.permission)) {
    const what = PERMISSION_LABELS[access.permission];
    throw new AppFailure(
      'FORBIDDEN',
      `Peran Anda tidak berwenang ${what}. Hubungi administrator bila Anda memerlukan akses ini.`,
    );
  }
  return session;
}

/**
 * The single entry point of every host: validate the input, check the session and the
 * permission, run the handler (writes in one transaction with their audit entries), and answer
 * `{ ok, value } | { ok, error }` with a message in Indonesian.
 */
export async function dispatch(
  core: BansosCore,
  methodName: string,
  rawInput: unknown,
  token: string | null,
): Promise<DispatchOutcome> {
  let sessionChange: SessionChange | undefined;
  try {
    if (!isMethodName(methodName)) {
      throw new AppFailure(
        'UNKNOWN_METHOD',
        `Perintah "${String(methodName).slice(0, 60)}" tidak dikenal. Perbarui aplikasi.`,
      );
    }
    const spec = api[methodName];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const fields = zodFields(parsed.error);
      throw new AppFailure(
        'VALIDATION',
        `Isian belum benar: ${fields[0]?.message ?? 'periksa kembali isian Anda.'}`,
        { fields },
      );
    }
    const session = authorize(core, spec.access, token, spec.poll !== true);
    // A file is downloaded under the permission of the purpose its handle was chosen for: what
    // writes into it must be that purpose (core/files.ts).
    const savePurpose = SAVE_PURPOSE[methodName];
    if (savePurpose && session)
      core.files.checkPurpose((parsed.data as { target: string }).target, session.userId, savePurpose);
    let wrote = false;
    const ctx: HandlerContext = {
      core,
      session,
      get actor(): Actor {
        return session
          ? { userId: session.userId, username: session.username }
          : { userId: null, username: null };
      },
      now: core.clock,
      db: () => core.db,
      write(fn, actor) {
        if (!spec.writes) throw new Error(`${methodName} is declared read-only but writes`);
        if (wrote) throw new Error(`${methodName} wrote in two transactions; a use case has one`);
        wrote = true;
        return core.db.write(actor ?? ctx.actor, fn);
      },
      setSession(next) {
        if (next) {
          sessionChange = { kind: 'set', token: next.token };
        } else {
          if (session) core.sessions.end(session.token);
          sessionChange = { kind: 'clear' };
        }
      },
      requireSession() {
        if (!session) throw new AppFailure('UNAUTHENTICATED', 'Silakan masuk terlebih dahulu.');
        return session;
      },
    };
    const handler = handlers[methodName as MethodName] as (input: unknown, ctx: HandlerContext) => unknown;
    const value = await handler(parsed.data, ctx);
    if (core.checkOutputs) {
      const checked = spec.output.safeParse(value);
      if (!checked.success)
        throw new Error(`${methodName} answered outside its contract: ${checked.error.message}`);
    }
    return { result: { ok: true, value }, ...(sessionChange ? { sessionChange } : {}) };
  } catch (error) {
    return {
      result: { ok: false, error: toAppError(error, methodName) },
      ...(sessionChange ? { sessionChange } : {}),
    };
  }
}

function toAppError(error: unknown, methodName: string): AppError {
  if (error instanceof AppFailure) return error.toError();
  const reference = randomBytes(4).toString('hex');
  console.error(`[${reference}] ${methodName} failed:`, error);
  return {
    code: 'INTERNAL',
    message: `Terjadi kesalahan tak terduga; perubahan tidak disimpan. Coba lagi, dan bila terulang laporkan kode ${reference} kepada administrator.`,
  };
}
