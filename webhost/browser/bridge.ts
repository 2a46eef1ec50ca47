import type { AppBridge, AppEvents, EventName } from '../../common/api/contract.ts';
import type { Result } from '../../common/result.ts';

/**
 * The browser twin of Electron's preload: the same two functions, carried over HTTP on
 * loopback. The session lives in an HttpOnly cookie that this script cannot read.
 */
type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>();
let source: EventSource | null = null;

function connectEvents(): void {
  source?.close();
  source = new EventSource('/api/events');
  for (const event of listeners.keys()) attach(event);
}

function attach(event: EventName): void {
  source?.addEventListener(event, (message) => {
    const payload = JSON.parse((message as MessageEvent<string>).data) as unknown;
    for (const listener of listeners.get(event) ?? []) listener(payload);
  });
}

// The event stream belongs to a session: reconnect whenever the session changes.
const SESSION_CHANGING = new Set(['setup.init', 'auth.login', 'auth.recover', 'auth.logout']);

const bridge: AppBridge = {
  async invoke(method, input) {
    let response: Response;
    try {
      response = await fetch('/api/invoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bansos-bridge': '1' },
        body: JSON.stringify({ method, input }),
        credentials: 'same-origin',
      });
    } catch {
      return {
        ok: false,
        error: {
          code: 'INTERNAL',
          message:
            'Tidak dapat menghubungi web host. Pastikan "npm run serve" masih berjalan, lalu muat ulang halaman.',
        },
      };
    }
    const result = (await response.json()) as Result<never>;
    if (result.ok && SESSION_CHANGING.has(method)) connectEvents();
    return result;
  },
  on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void) {
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
      attach(event);
    }
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  },
};

connectEvents();
(window as unknown as { bansos: AppBridge }).bansos = bridge;
