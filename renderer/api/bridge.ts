import type { AppBridge, Input, MethodName, Output } from '../../common/api/contract.ts';
import type { AppError, Result } from '../../common/result.ts';

declare global {
  interface Window {
    bansos?: AppBridge;
  }
}

function bridge(): AppBridge {
  if (!window.bansos)
    throw new Error('Bansos bridge missing: open the app through Electron or the web host.');
  return window.bansos;
}

/** Calls a core method through whichever host we run in. Never throws for app errors. */
export function call<M extends MethodName>(method: M, input: Input<M>): Promise<Result<Output<M>>> {
  return bridge().invoke(method, input);
}

export const onEvent: AppBridge['on'] = (event, listener) => bridge().on(event, listener);

/** Field-level messages by dotted path, for showing next to inputs. */
export function fieldErrors(error: AppError | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of error?.fields ?? []) if (!(f.path in out)) out[f.path] = f.message;
  return out;
}
