import type { AppBridge, AppEvents, EventName } from '../../common/api/contract.ts';
import type { Result } from '../../common/result.ts';

/**
 * The browser twin of Electron's preload: the same two functions, carried over HTTP on
 * loopback. The session lives in an HttpOnly cookie that this script cannot read.
 */

const SECRET_KEY = 'bansos-bridge';

/**
 * The host's bridge secret, sent with every call: our cookies also reach other services on
 * 127.0.0.1, so they alone open nothing. The launch redirect hands it over once in the address
 * (#bansos-bridge=...); it is taken out of the address before the app's router sees it, and kept
 * in localStorage, which (unlike cookies) belongs to this port only and serves every tab.
 */
function takeBridgeSecret(): void {
  const handed = /^#bansos-bridge=([\w-]+)$/.exec(window.location.hash)?.[1];
  if (!handed) return;
  localStorage.setItem(SECRET_KEY, handed);
  history.replaceState(null, '', window.location.pathname + window.location.search);
}

// Read on each use: opening the launch address in another tab after a restart renews it for all.
const bridgeSecret = () => localStorage.getItem(SECRET_KEY) ?? '';

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>();
let source: EventSource | null = null;

function connectEvents(): void {
  source?.close();
  // EventSource cannot send a header: the secret goes in the query.
  source = new EventSource(`/api/events?bridge=${encodeURIComponent(bridgeSecret())}`);
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

const ACCEPT: Record<string, string> = { import: '.xlsx,.xlsm,.csv,.txt', restore: '.bansos-backup' };

/** A file input in place of a native dialog; the chosen file is uploaded and answered as a handle. */
function chooseOpen(purpose: string): Promise<Result<{ handle: string; name: string } | null>> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = ACCEPT[purpose] ?? '';
    input.style.display = 'none';
    document.body.append(input);
    const finish = (result: Result<{ handle: string; name: string } | null>) => {
      input.remove();
      resolve(result);
    };
    input.addEventListener('cancel', () => finish({ ok: true, value: null }));
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      if (!file) return finish({ ok: true, value: null });
      try {
        const response = await fetch('/api/upload', {
          method: 'POST',
          headers: {
            'content-type': 'application/octet-stream',
            'x-bansos-bridge': bridgeSecret(),
            'x-file-name': encodeURIComponent(file.name),
          },
          body: file,
          credentials: 'same-origin',
        });
        finish((await response.json()) as Result<{ handle: string; name: string }>);
      } catch {
        finish({
          ok: false,
          error: {
            code: 'INTERNAL',
            message:
              'Berkas tidak dapat dikirim ke web host. Periksa ukurannya (maksimal 100 MB) lalu coba lagi.',
          },
        });
      }
    });
    input.click();
  });
}

const bridge: AppBridge = {
  async invoke(method, input) {
    if (method === 'files.chooseOpen') return chooseOpen((input as { purpose: string }).purpose) as never;
    let response: Response;
    try {
      response = await fetch('/api/invoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bansos-bridge': bridgeSecret() },
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

takeBridgeSecret();
connectEvents();
(window as unknown as { bansos: AppBridge }).bansos = bridge;
