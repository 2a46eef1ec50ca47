import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LockReason, SessionView } from '../../common/api/methods/auth.ts';
import type { AppError } from '../../common/result.ts';
import { call, onEvent } from '../api/bridge.ts';
import { CenteredCard } from '../components/Layout.tsx';
import { Notice } from '../components/Notice.tsx';
import { ChangePasswordPage } from '../features/auth/ChangePasswordPage.tsx';
import { LockScreen } from '../features/auth/LockScreen.tsx';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { RecoverPage } from '../features/auth/RecoverPage.tsx';
import { RecoveryCodePage } from '../features/auth/RecoveryCodePage.tsx';
import { SetupPage } from '../features/auth/SetupPage.tsx';
import { useT } from '../i18n/i18n.tsx';
import { Frame } from './Frame.tsx';
import { SessionProvider, type SessionApi } from './session.tsx';
import { useIdleLock } from './useIdleLock.ts';

/** Which screen the app shows; each state carries exactly what that screen needs. */
type Screen =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'setup' }
  | { kind: 'login'; notice?: string }
  | { kind: 'recover' }
  | { kind: 'recoveryCode'; code: string; session: SessionView }
  /** `lock` set: the lock screen covers the app, which stays mounted so typed input survives. */
  | { kind: 'app'; session: SessionView; lock: LockReason | null };

function screenFor(session: SessionView): Screen {
  return { kind: 'app', session, lock: session.locked ? (session.lockReason ?? 'idle') : null };
}

const withLock = (s: Screen, lock: LockReason): Screen =>
  s.kind === 'app' ? { ...s, lock: s.lock ?? lock } : s;

/** Whoever logs in next starts at Beranda, not on the previous user's page. */
function toLogin(notice?: string): Screen {
  window.location.hash = '#/beranda';
  return notice ? { kind: 'login', notice } : { kind: 'login' };
}

export function App() {
  const t = useT();
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  const [demo, setDemo] = useState(false);

  const boot = useCallback(async () => {
    const status = await call('setup.status', {});
    if (!status.ok) return setScreen({ kind: 'failed', message: status.error.message });
    setDemo(status.value.demo);
    if (!status.value.initialized) return setScreen({ kind: 'setup' });
    const me = await call('auth.me', {});
    setScreen(me.ok ? screenFor(me.value) : { kind: 'login' });
  }, []);

  useEffect(() => {
    void boot();
  }, [boot]);

  useEffect(() => onEvent('session.locked', ({ reason }) => setScreen((s) => withLock(s, reason))), []);

  const handleAuthError = useCallback(
    (error: AppError) => {
      if (error.code === 'LOCKED') {
        setScreen((s) => withLock(s, error.lockReason ?? 'idle'));
        return true;
      }
      if (error.code === 'UNAUTHENTICATED') {
        setScreen(toLogin(error.message));
        return true;
      }
      if (error.code === 'PASSWORD_CHANGE_REQUIRED') {
        void boot();
        return true;
      }
      return false;
    },
    [boot],
  );

  const lock = useCallback(async () => {
    await call('auth.lock', {});
    setScreen((s) => withLock(s, 'manual'));
  }, []);

  const logout = useCallback(async () => {
    await call('auth.logout', {});
    setScreen(toLogin());
  }, []);

  const idleLock = useCallback(() => {
    void call('auth.lock', {});
    setScreen((s) => withLock(s, 'idle'));
  }, []);

  useEffect(() => onEvent('session.lockRequested', () => void lock()), [lock]);

  const session = screen.kind === 'app' ? screen.session : null;
  const api = useMemo<SessionApi | null>(
    () =>
      session && {
        session,
        refresh: async () => {
          const me = await call('auth.me', {});
          if (me.ok) setScreen(screenFor(me.value));
          else handleAuthError(me.error);
        },
        lock,
        logout,
        handleAuthError,
      },
    [session, lock, logout, handleAuthError],
  );

  switch (screen.kind) {
    case 'loading':
      return <CenteredCard>{t.app.loading}</CenteredCard>;
    case 'failed':
      return (
        <CenteredCard>
          <Notice tone="error">{screen.message}</Notice>
        </CenteredCard>
      );
    case 'setup':
      return <SetupPage onDone={(code, s) => setScreen({ kind: 'recoveryCode', code, session: s })} />;
    case 'recoveryCode':
      return <RecoveryCodePage code={screen.code} onDone={() => setScreen(screenFor(screen.session))} />;
    case 'login':
      return (
        <LoginPage
          notice={screen.notice}
          demo={demo}
          onLogin={(s) => setScreen(screenFor(s))}
          onForgot={() => setScreen({ kind: 'recover' })}
        />
      );
    case 'recover':
      return (
        <RecoverPage onDone={(s) => setScreen(screenFor(s))} onBack={() => setScreen({ kind: 'login' })} />
      );
    case 'app':
      return api ? (
        <SessionProvider value={api}>
          {screen.lock ? (
            <LockScreen
              session={screen.session}
              reason={screen.lock}
              onUnlock={(s) => setScreen(screenFor(s))}
              onLogout={logout}
            />
          ) : null}
          {/* Hidden and inert while locked: nothing of the data is visible or reachable. */}
          {screen.lock ? null : <IdleWatcher minutes={screen.session.idleLockMinutes} onIdle={idleLock} />}
          <div className="app-root" hidden={screen.lock !== null} inert={screen.lock !== null}>
            {screen.session.user.mustChangePassword ? (
              <ChangePasswordPage forced onDone={(s) => setScreen(screenFor(s))} onLogout={logout} />
            ) : (
              <Frame />
            )}
          </div>
        </SessionProvider>
      ) : null;
  }
}

/** Renders nothing; locks the screen after `minutes` without keyboard or mouse activity. */
function IdleWatcher({ minutes, onIdle }: { minutes: number; onIdle: () => void }) {
  useIdleLock(minutes, onIdle);
  return null;
}
