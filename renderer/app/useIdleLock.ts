import { useEffect, useRef } from 'react';
import { call } from '../api/bridge.ts';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;
const HEARTBEAT_MS = 60_000;

/**
 * Locks the screen after `minutes` without keyboard or mouse activity. While the user is
 * active, a light heartbeat keeps the core's session fresh (the core also locks on its own clock).
 */
export function useIdleLock(minutes: number, onIdle: () => void): void {
  const lastActivity = useRef(Date.now());
  const lastHeartbeat = useRef(Date.now());
  useEffect(() => {
    const onActivity = () => {
      const now = Date.now();
      lastActivity.current = now;
      if (now - lastHeartbeat.current > HEARTBEAT_MS) {
        lastHeartbeat.current = now;
        void call('auth.me', {});
      }
    };
    for (const event of ACTIVITY_EVENTS) window.addEventListener(event, onActivity, { passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity.current > minutes * 60_000) onIdle();
    }, 5_000);
    return () => {
      for (const event of ACTIVITY_EVENTS) window.removeEventListener(event, onActivity);
      window.clearInterval(timer);
    };
  }, [minutes, onIdle]);
}
