import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN, expect, initialize, loginAs, openApp, test, useWebHost } from './fixtures/webhost.ts';

const host = useWebHost(async (h) => {
  await initialize(h);
});

const invokeBody = JSON.stringify({ method: 'setup.status', input: {} });

/** A raw request, so the Host header can be anything (fetch would not let us set it). */
function rawGet(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test.describe('Content-Security-Policy', () => {
  // The injected script below is refused on purpose; Chromium logs that as a console error.
  test.use({ allowedConsoleErrors: [/Content Security Policy/] });

  test('the HTML page carries a strict Content-Security-Policy, and the browser enforces it', async ({
    page,
  }) => {
    const response = await openApp(page, host);
    const headers = response.headers();
    const csp = headers['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['cache-control']).toBe('no-store');

    // The app itself runs under it (login screen rendered by our own scripts)...
    await expect(page.getByRole('heading', { name: 'Masuk', exact: true })).toBeVisible();
    // ...but an injected inline script does not.
    const outcome = await page.evaluate(
      () =>
        new Promise<{ ran: boolean; violated: string | null }>((resolve) => {
          let violated: string | null = null;
          document.addEventListener('securitypolicyviolation', (e) => (violated = e.effectiveDirective), {
            once: true,
          });
          const script = document.createElement('script');
          script.textContent = 'window.__injected = true';
          document.head.append(script);
          setTimeout(
            () =>
              resolve({ ran: (window as unknown as { __injected?: boolean }).__injected === true, violated }),
            200,
          );
        }),
    );
    expect(outcome).toEqual({ ran: false, violated: 'script-src-elem' });
  });
});

test('without the launch cookie the host answers 403', async () => {
  for (const path of ['/', '/index.html', '/bridge.js', '/favicon.svg', '/#/pengguna']) {
    const response = await fetch(`${host.url}${path}`, { redirect: 'manual' });
    expect(response.status, path).toBe(403);
    expect(await response.text(), path).toContain('?k=');
  }
  const api = await fetch(`${host.url}/api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-bansos-bridge': '1' },
    body: invokeBody,
  });
  expect(api.status).toBe(403);
  // A wrong token neither sets the cookie nor opens the app.
  const wrong = await fetch(`${host.url}/?k=${'x'.repeat(host.token.length)}`, { redirect: 'manual' });
  expect(wrong.status).toBe(403);
  expect(wrong.headers.get('set-cookie')).toBeNull();
  // The right one sets an HttpOnly, SameSite=Strict cookie and redirects to / (token out of the
  // address bar), handing the page its bridge secret in the fragment, which never reaches a server.
  const right = await fetch(host.launchUrl, { redirect: 'manual' });
  expect(right.status).toBe(302);
  expect(right.headers.get('location')).toBe(`/#bansos-bridge=${host.launched.bridge}`);
  expect(right.headers.get('set-cookie')).toMatch(/^bansos_host=[^;]+; HttpOnly; SameSite=Strict; Path=\//);
  // The cookie is not the launch token: whoever gets the cookie cannot launch with it.
  expect(right.headers.get('set-cookie')).not.toContain(host.token);
});

test('POST /api/invoke is refused without the x-bansos-bridge header or from another origin', async () => {
  const { hostCookie: cookie, bridge } = host.launched;
  const post = (headers: Record<string, string>) =>
    fetch(`${host.url}/api/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, ...headers },
      body: invokeBody,
    });

  const missing = await post({});
  expect(missing.status).toBe(403);
  expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

  // Any value but the bridge secret (the header once only had to say "1").
  for (const wrong of ['1', 'x'.repeat(bridge.length), `${bridge}x`]) {
    expect((await post({ 'x-bansos-bridge': wrong })).status, wrong).toBe(403);
  }

  const foreign = await post({ 'x-bansos-bridge': bridge, origin: 'http://evil.example' });
  expect(foreign.status).toBe(403);

  // Control: the same request with the header is answered, so the 403s above are the header's doing.
  const allowed = await post({ 'x-bansos-bridge': bridge });
  expect(allowed.status).toBe(200);
  expect(await allowed.json()).toMatchObject({ ok: true, value: { initialized: true } });
});

test('a Host header that is not loopback is refused (DNS rebinding)', async () => {
  const cookie = host.launched.hostCookie;
  const rebound = await rawGet(host.port, '/', { host: `evil.example:${host.port}`, cookie });
  expect(rebound.status).toBe(421);
  const loopback = await rawGet(host.port, '/', { host: `127.0.0.1:${host.port}`, cookie });
  expect(loopback.status).toBe(200);
});

test('the session cookie is out of reach of page scripts', async ({ page, context }) => {
  await openApp(page, host);
  await loginAs(page, ADMIN);
  const cookies = await context.cookies(host.url);
  const session = cookies.find((c) => c.name === 'bansos_session');
  expect(session, 'session cookie set').toBeDefined();
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  expect(cookies.find((c) => c.name === 'bansos_host')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  expect(await page.evaluate(() => document.cookie)).not.toContain('bansos_');
});

test('our cookies also reach other services on 127.0.0.1, but they alone open nothing', async ({ page }) => {
  // Another local service (another OS user's, say) that the user is led to open: browsers send it
  // our cookies, as cookies are not kept apart by port (RFC 6265 §8.5).
  let received = '';
  const other = createServer((request, response) => {
    received = request.headers.cookie ?? '';
    response.end('layanan lain');
  });
  await new Promise<void>((listening) => other.listen(0, '127.0.0.1', listening));
  try {
    await openApp(page, host);
    // The secret has left the address before the app's router could see it.
    expect(page.url()).not.toContain('bansos-bridge');
    await loginAs(page, ADMIN);
    await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
    expect(received).toMatch(/bansos_host=[^;]+/);
    expect(received).toMatch(/bansos_session=[^;]+/);

    // Replayed from outside the browser, with the header the bridge used to send:
    const stolen = { cookie: received };
    const invoke = await fetch(`${host.url}/api/invoke`, {
      method: 'POST',
      headers: { ...stolen, 'content-type': 'application/json', 'x-bansos-bridge': '1' },
      body: JSON.stringify({ method: 'users.list', input: {} }),
    });
    expect(invoke.status).toBe(403);
    expect(await invoke.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const upload = await fetch(`${host.url}/api/upload`, {
      method: 'POST',
      headers: { ...stolen, 'content-type': 'application/octet-stream', 'x-bansos-bridge': '1' },
      body: 'NIK;NAMA',
    });
    expect(upload.status).toBe(403);
    for (const query of ['', '?bridge=1']) {
      const events = await fetch(`${host.url}/api/events${query}`, { headers: stolen });
      expect(events.status, query).toBe(403);
    }
    // Nothing a cookie opens tells the secret, and the cookie does not launch the host again.
    for (const path of ['/', '/bridge.js']) {
      const served = await fetch(`${host.url}${path}`, { headers: stolen });
      expect(served.status, path).toBe(200);
      expect(await served.text(), path).not.toContain(host.launched.bridge);
    }
    const hostCookie = /bansos_host=([^;]+)/.exec(received)![1]!;
    const relaunch = await fetch(`${host.url}/?k=${hostCookie}`, { redirect: 'manual' });
    expect(relaunch.status).toBe(403);

    // Control: the same cookies with the bridge secret are answered, so the refusals are its doing.
    const withSecret = { ...stolen, 'x-bansos-bridge': host.launched.bridge };
    const answered = await fetch(`${host.url}/api/invoke`, {
      method: 'POST',
      headers: { ...withSecret, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'users.list', input: {} }),
    });
    expect(await answered.json()).toMatchObject({ ok: true });
    const stream = new AbortController();
    const events = await fetch(`${host.url}/api/events?bridge=${host.launched.bridge}`, {
      headers: stolen,
      signal: stream.signal,
    });
    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toBe('text/event-stream');
    stream.abort();
  } finally {
    other.close();
  }
});
