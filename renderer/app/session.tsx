import { createContext, useCallback, useContext, type ReactNode } from 'react';
import type { Input, MethodName, Output } from '../../common/api/contract.ts';
import type { SessionView } from '../../common/api/methods/auth.ts';
import type { Permission } from '../../common/auth/roles.ts';
import type { AppError, Result } from '../../common/result.ts';
import { call } from '../api/bridge.ts';

export interface SessionApi {
  session: SessionView;
  /** Re-reads the session (after a password change, say). */
  refresh(): Promise<void>;
  lock(): Promise<void>;
  logout(): Promise<void>;
  /** Routes errors that end or lock the session to the screens that handle them. */
  handleAuthError(error: AppError): boolean;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ value, children }: { value: SessionApi; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const api = useContext(SessionContext);
  if (!api) throw new Error('useSession outside SessionProvider');
  return api;
}

export function useCan(): (permission: Permission) => boolean {
  const { session } = useSession();
  return (permission) => session.permissions.includes(permission);
}

/** `call` for pages inside the app: a locked or expired session switches screens by itself. */
export function useCall() {
  const { handleAuthError } = useSession();
  return useCallback(
    async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<Output<M>>> => {
      const result = await call(method, input);
      if (!result.ok) handleAuthError(result.error);
      return result;
    },
    [handleAuthError],
  );
}
