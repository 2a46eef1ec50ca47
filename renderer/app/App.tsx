import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SessionView } from '../../common/api/methods/auth.ts';
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
  | { kind: 'locked'; session: SessionView; reason: 'idle' | 'manual' }
  | { kind: 'app'; session: SessionView };

function screenFor(session: SessionView): Screen {
  return session.locked ? { kind: 'locked', session, reason: 'idle' } : { kind: 'app', session };
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

  useEffect(
    () =>
      onEvent('session.locked', ({ reason }) =>
        setScreen((s) =>
          'session' in s && s.kind === 'app' ? { kind: 'locked', session: s.session, reason } : s,
        ),
      ),
    [],
  );

  const handleAuthError = useCallback(
    (error: AppError) => {
      if (error.code === 'LOCKED') {
        setScreen((s) => (s.kind === 'app' ? { kind: 'locked', session: s.session, reason: 'idle' } : s));
        return true;
      }
      if (error.code === 'UNAUTHENTICATED') {
        setScreen({ kind: 'login', notice: error.message });
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

  const session = 'session' in screen ? screen.session : null;

  const lock = useCallback(async () => {
    await call('auth.lock', {});
    setScreen((s) => (s.kind === 'app' ? { kind: 'locked', session: s.session, reason: 'manual' } : s));
  }, []);

  useEffect(() => onEvent('session.lockRequested', () => void lock()), [lock]);

  const idleLock = useCallback(() => {
    void call('auth.lock', {});
    setScreen((s) => (s.kind === 'app' ? { kind: 'locked', session: s.session, reason: 'idle' } : s));
  }, []);

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
        logout: async () => {
          await call('auth.logout', {});
          setScreen({ kind: 'login' });
        },
        handleAuthError,
      },
    [session, lock, handleAuthError],
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
    case 'locked':
      return (
        <LockScreen
          session={screen.session}
          reason={screen.reason}
          onUnlock={(s) => setScreen(screenFor(s))}
          onLogout={async () => {
            await call('auth.logout', {});
            setScreen({ kind: 'login' });
          }}
        />
      );
    case 'app':
      return api ? (
        <SessionProvider value={api}>
          {screen.session.user.mustChangePassword ? (
            <ChangePasswordPage forced onDone={(s) => setScreen(screenFor(s))} />
          ) : (
            <IdleGuard minutes={screen.session.idleLockMinutes} onIdle={idleLock}>
              <Frame />
            </IdleGuard>
          )}
        </SessionProvider>
      ) : null;
  }
}

function IdleGuard({
  minutes,
  onIdle,
  children,
}: {
  minutes: number;
  onIdle: () => void;
  children: React.ReactNode;
}) {
  useIdleLock(minutes, onIdle);
  return <>{children}</>;
}
