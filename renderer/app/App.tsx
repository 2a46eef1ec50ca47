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
import { discardUnsavedChanges, hasUnsavedChanges, navigate } from './router.tsx';
import { SignInAgain } from './SignInAgain.tsx';
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
  /**
   * `lock` set: the lock screen covers the app, which stays mounted so typed input survives.
   * `ended` set: the session ended while a form held typed work; a sign-in covers the app the
   * same way (the message says why it ended).
   */
  | { kind: 'app'; session: SessionView; lock: LockReason | null; ended: string | null };

function screenFor(session: SessionView): Screen {
  return {
    kind: 'app',
    session,
    lock: session.locked ? (session.lockReason ?? 'idle') : null,
    ended: null,
  };
}

const withLock = (s: Screen, lock: LockReason): Screen =>
  s.kind === 'app' ? { ...s, lock: s.lock ?? lock } : s;

/** Whoever logs in next starts at Beranda, not on the previous user's page (nor their typing). */
function toLogin(notice?: string): Screen {
  discardUnsavedChanges();
  navigate('/beranda', { force: true });
  return notice ? { kind: 'login', notice } : { kind: 'login' };
}

/**
 * The session ended (logout in another tab, password changed). With typed work on screen the
 * page stays, covered by a sign-in, as the lock does; without, the login page as before.
 */
function sessionEnded(s: Screen, notice: string): Screen {
  if (s.kind === 'app' && hasUnsavedChanges()) return { ...s, ended: s.ended ?? notice };
  return toLogin(notice);
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
        setScreen((s) => sessionEnded(s, error.message));
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

  /** Signed in again over a page with typed work: the same person keeps it, anyone else does not. */
  const signedInAgain = useCallback((previous: SessionView, next: SessionView) => {
    if (next.user.id !== previous.user.id) {
      discardUnsavedChanges();
      navigate('/beranda', { force: true });
    }
    setScreen(screenFor(next));
  }, []);

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
          {screen.ended && !screen.lock ? (
            <SignInAgain
              session={screen.session}
              reason={screen.ended}
              onSignedIn={(s) => signedInAgain(screen.session, s)}
              onDiscard={() => setScreen(toLogin())}
            />
          ) : null}
          {screen.lock ? (
            <LockScreen
              session={screen.session}
              reason={screen.lock}
              onUnlock={(s) => setScreen(screenFor(s))}
              onLogout={logout}
            />
          ) : null}
          {/* Hidden and inert while locked: nothing of the data is visible or reachable. */}
          {screen.lock || screen.ended ? null : (
            <IdleWatcher minutes={screen.session.idleLockMinutes} onIdle={idleLock} />
          )}
          {/* Keyed by the user: a different person signing in gets a fresh app, not the page left open. */}
          <div
            key={screen.session.user.id}
            className="app-root"
            hidden={screen.lock !== null || screen.ended !== null}
            inert={screen.lock !== null || screen.ended !== null}
          >
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
