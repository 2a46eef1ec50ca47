import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { build } from 'esbuild';
import { can, PERMISSION_LABELS } from '../common/auth/roles.ts';
import { AppFailure } from '../common/errors.ts';
import { CONTENT_SECURITY_POLICY } from '../common/contentSecurity.ts';
import type { BansosCore } from '../core/app.ts';
import { liveSession } from '../core/auth/liveSession.ts';
import type { Session } from '../core/auth/sessions.ts';
import { answerErrorsInIndonesian } from './errors.ts';
import {
  DOWNLOAD_LIFETIME_MS,
  DOWNLOAD_PERMISSION,
  findDownload,
  madeUnderCurrentAccess,
  sweepDownloads,
} from './downloads.ts';

const SESSION_COOKIE = 'bansos_session';
const HOST_COOKIE = 'bansos_host';
/** Where the launch redirect hands the page its bridge secret (webhost/browser/bridge.ts reads it). */
const BRIDGE_FRAGMENT = 'bansos-bridge';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export interface WebHostOptions {
  core: BansosCore;
  rendererDir: string;
  port: number;
  /** Shown once in the launch URL; without it (cookie or ?k=) the host answers nothing. */
  launchToken?: string;
  /** How often expired downloads and used uploads are removed (default: every minute). */
  sweepIntervalMs?: number;
}

type Refusal = { status: number; code: string; message: string };

const REFUSAL_STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  LOCKED: 423,
  PASSWORD_CHANGE_REQUIRED: 403,
};

/**
 * The host's own routes (downloads, uploads) follow dispatch's session rules (core/auth/
 * liveSession.ts); `what` names the action in the message ("mengunduh berkas").
 */
function checkSession(core: BansosCore, token: string | undefined, what: string): Session | Refusal {
  try {
    return liveSession(core, token, { activity: true, retry: what });
  } catch (error) {
    if (!(error instanceof AppFailure)) throw error;
    return { status: REFUSAL_STATUS[error.code] ?? 403, code: error.code, message: error.message };
  }
}

const isRefusal = (x: Session | Refusal): x is Refusal => 'status' in x && !('token' in x);

function cookies(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name) out[name] = decodeURIComponent(value.join('='));
  }
  return out;
}

const sameSecret = (a: string | undefined, b: string) =>
  a !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

async function browserBridge(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('./browser/bridge.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    minify: true,
  });
  return result.outputFiles[0]!.text;
}

/**
 * The web host: the real renderer, core and encrypted database, reached from a browser on
 * 127.0.0.1 only. Every request must carry the launch cookie (set by the URL printed at start),
 * API calls need the session cookie, the bridge secret in a header (so no other site, and no one
 * holding only our cookies, can call us), and a Host header naming loopback (so DNS rebinding
 * cannot reach us).
 */
export async function createWebHost(
  options: WebHostOptions,
): Promise<{ app: FastifyInstance; url: string; launchUrl: string }> {
  const { core } = options;
  const launchToken = options.launchToken ?? randomBytes(24).toString('base64url');
  // Cookies are not kept apart by port (RFC 6265 §8.5): any other service on 127.0.0.1 the
  // browser visits receives ours. So the launch cookie is not the launch token (whoever holds it
  // could launch again), and a cookie alone opens nothing that returns personal data or acts.
  const hostCookie = randomBytes(24).toString('base64url');
  // What does: the bridge secret, handed to the page once in the launch redirect's #fragment,
  // kept in the page's storage (which is per port) and sent as the x-bansos-bridge header.
  const bridgeSecret = randomBytes(24).toString('base64url');
  const fromOurPage = (presented: unknown) =>
    typeof presented === 'string' && sameSecret(presented, bridgeSecret);
  const bridgeJs = await browserBridge();
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  answerErrorsInIndonesian(app);
  const allowedHosts = new Set([`127.0.0.1:${options.port}`, `localhost:${options.port}`]);
  const rendererRoot = resolve(options.rendererDir);
  /** Open event streams, each with the session it was opened in (null: none, it hears nothing). */
  const streams = new Set<{ token: string | null; reply: FastifyReply }>();
  const exportsDir = core.dir.exportsDir;
  const uploadsDir = join(core.dir.root, 'uploads');
  /** Uploaded spreadsheets (plaintext personal data): each folder, whose it is and since when. */
  const uploads = new Map<string, { owner: string; at: number }>();

  // What a crash or kill -9 left: uploads are removed whole, downloads nobody owns or expired.
  rmSync(uploadsDir, { recursive: true, force: true });
  sweepDownloads(exportsDir, core.clock().getTime(), { atStart: true });
  const sweep = () => {
    const now = core.clock().getTime();
    sweepDownloads(exportsDir, now);
    // An upload lives while its owner is logged in (its import needs it), a day at most.
    const live = new Set(core.sessions.all().map((s) => s.userId));
    if (!existsSync(uploadsDir)) return;
    for (const name of readdirSync(uploadsDir)) {
      const upload = uploads.get(name);
      if (upload && live.has(upload.owner) && now - upload.at < DOWNLOAD_LIFETIME_MS) continue;
      rmSync(join(uploadsDir, name), { recursive: true, force: true });
      uploads.delete(name);
    }
  };
  const sweeper = setInterval(() => {
    try {
      sweep();
    } catch (error) {
      console.error('removing old downloads and uploads failed', error);
    }
  }, options.sweepIntervalMs ?? 60_000);
  sweeper.unref();

  const cookieFlags = 'HttpOnly; SameSite=Strict; Path=/';

  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    if (!allowedHosts.has(request.headers.host ?? '')) {
      return reply.code(421).type('text/plain').send('Alamat tidak dikenal.');
    }
    const url = new URL(request.url, 'http://127.0.0.1');
    const fromLink = url.searchParams.get('k');
    if (fromLink !== null && sameSecret(fromLink, launchToken)) {
      return reply
        .header('Set-Cookie', `${HOST_COOKIE}=${hostCookie}; ${cookieFlags}`)
        .redirect(`/#${BRIDGE_FRAGMENT}=${bridgeSecret}`);
    }
    if (!sameSecret(cookies(request)[HOST_COOKIE], hostCookie)) {
      return reply
        .code(403)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><title>Bansos Desk</title><p style="font:18px sans-serif;margin:3em">Buka alamat lengkap (dengan <code>?k=...</code>) yang dicetak di terminal saat web host dijalankan.</p>',
        );
    }
  });

  const refuseForeign = (reply: FastifyReply) =>
    reply.code(403).send({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message:
          'Permintaan ditolak. Buka lagi alamat lengkap (dengan ?k=...) yang dicetak di terminal saat web host dijalankan.',
      },
    });

  // Attachments travel as base64 inside a call (up to 10 MB of photo).
  app.post('/api/invoke', { bodyLimit: 16 * 1024 * 1024 }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    const origin = request.headers.origin;
    if (
      !fromOurPage(request.headers['x-bansos-bridge']) ||
      (origin && !allowedHosts.has(origin.replace(/^http:\/\//, '')))
    ) {
      return refuseForeign(reply);
    }
    const body = request.body as { method?: unknown; input?: unknown } | null;
    const method = typeof body?.method === 'string' ? body.method : '';
    const outcome = await core.dispatch(method, body?.input, cookies(request)[SESSION_COOKIE] ?? null);
    if (outcome.sessionChange?.kind === 'set')
      reply.header('Set-Cookie', `${SESSION_COOKIE}=${outcome.sessionChange.token}; ${cookieFlags}`);
    if (outcome.sessionChange?.kind === 'clear')
      reply.header('Set-Cookie', `${SESSION_COOKIE}=; Max-Age=0; ${cookieFlags}`);
    return outcome.result;
  });

  // EventSource cannot send a header: the bridge secret comes in the query instead.
  app.get('/api/events', (request, reply) => {
    if (!fromOurPage((request.query as { bridge?: unknown }).bridge)) return refuseForeign(reply);
    const session = core.sessions.get(cookies(request)[SESSION_COOKIE]);
    reply.hijack();
    reply.raw.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    reply.raw.write(': bansos\n\n');
    const stream = { token: session?.token ?? null, reply };
    streams.add(stream);
    request.raw.on('close', () => streams.delete(stream));
  });

  // A stream belongs to its session, looked up at each event as dispatch does for each call: once
  // the session has ended (logout, account disabled) the stream ends; while it is locked (by hand,
  // or idle, which the core marks within seconds) it hears only that it was locked.
  const stopEvents = core.onEvent((userId, event, payload) => {
    for (const stream of streams) {
      if (stream.token === null) continue;
      const session = core.sessions.get(stream.token);
      if (!session) {
        stream.reply.raw.end();
        streams.delete(stream);
      } else if (session.userId === userId && (!session.locked || event === 'session.locked')) {
        stream.reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      }
    }
  });
  const keepAlive = setInterval(() => {
    for (const stream of streams) stream.reply.raw.write(': keepalive\n\n');
  }, 25_000);
  // Before the server closes, which waits for every open connection: an open stream would hold it.
  app.addHook('preClose', async () => {
    stopEvents();
    clearInterval(keepAlive);
    for (const stream of streams) stream.reply.raw.end();
  });
  app.addHook('onClose', async () => {
    // Uploaded spreadsheets are plaintext copies of personal data: they do not outlive the host.
    rmSync(uploadsDir, { recursive: true, force: true });
    clearInterval(sweeper);
  });

  // The browser twin of an open dialog: the page sends the file the user picked, we keep it
  // under the data folder (owner-only) and grant a handle for it, exactly as a native dialog would.
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: 110 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  );
  app.post('/api/upload', { bodyLimit: 110 * 1024 * 1024 }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    if (!fromOurPage(request.headers['x-bansos-bridge'])) return refuseForeign(reply);
    const session = checkSession(core, cookies(request)[SESSION_COOKIE], 'memilih berkas');
    if (isRefusal(session)) {
      return reply
        .code(session.status)
        .send({ ok: false, error: { code: session.code, message: session.message } });
    }
    let name = 'berkas';
    try {
      name =
        basename(decodeURIComponent(String(request.headers['x-file-name'] ?? 'berkas')))
          .replace(/[^\w.\- ()]/g, '_')
          .slice(0, 120) || 'berkas';
    } catch {
      // a malformed name: the file keeps the plain one
    }
    const folder = randomBytes(12).toString('hex');
    const dir = join(uploadsDir, folder);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, name);
    writeFileSync(path, request.body as Buffer, { mode: 0o600 });
    uploads.set(folder, { owner: session.userId, at: core.clock().getTime() });
    return { ok: true, value: { handle: core.files.grant(path, 'read', session.userId), name } };
  });

  app.get('/bridge.js', async (_request, reply) =>
    reply.type(MIME['.js']!).header('Cache-Control', 'no-store').send(bridgeJs),
  );

  /**
   * Files the user saved in the web host (exports/): to the user who made them, while their role
   * still holds what made them (backups: backup.run) and their role and area are those it was made
   * under, for a day; never to a locked session or
   * one with a temporary password. A link cannot carry the bridge header, and needs none: the
   * name's random part is the secret here, and only calls and events (which need the bridge
   * secret) ever tell it.
   */
  app.get('/downloads/:name', async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    const refuse = (status: number, message: string) =>
      reply.code(status).type('text/plain; charset=utf-8').send(message);
    const session = checkSession(core, cookies(request)[SESSION_COOKIE], 'mengunduh berkas');
    if (isRefusal(session)) return refuse(session.status, session.message);
    const name = (request.params as { name: string }).name;
    const entry = findDownload(exportsDir, name, core.clock().getTime());
    // Another user's file answers as a missing one: its name says nothing to them.
    if (!entry || entry.owner !== session.userId) {
      return refuse(
        404,
        'Berkas tidak ditemukan atau sudah kedaluwarsa (berkas unduhan disimpan 1 hari, hanya untuk pembuatnya). Buat ekspor, laporan atau cadangannya lagi.',
      );
    }
    const permission = DOWNLOAD_PERMISSION[entry.purpose];
    if (!can(session.role, permission)) {
      return refuse(
        403,
        `Peran Anda tidak lagi berwenang ${PERMISSION_LABELS[permission]}, jadi berkas ini tidak dapat diunduh. Hubungi administrator bila Anda memerlukannya.`,
      );
    }
    if (!madeUnderCurrentAccess(entry, session)) {
      return refuse(
        403,
        'Peran atau wilayah kerja Anda sudah diubah sejak berkas ini dibuat, jadi berkas ini tidak dapat diunduh lagi (isinya bisa memuat data di luar wilayah Anda sekarang). Buat ekspor, laporan atau cadangannya lagi.',
      );
    }
    return reply
      .header(
        'Content-Disposition',
        `attachment; filename="${entry.suggestedName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(entry.suggestedName)}`,
      )
      .type('application/octet-stream')
      .send(createReadStream(join(exportsDir, name)));
  });

  app.get('/*', async (request, reply) => {
    const path = new URL(request.url, 'http://127.0.0.1').pathname;
    const file = normalize(join(rendererRoot, decodeURIComponent(path)));
    if (
      file.startsWith(rendererRoot + sep) &&
      existsSync(file) &&
      statSync(file).isFile() &&
      !file.endsWith('index.html')
    ) {
      return reply
        .type(MIME[extname(file)] ?? 'application/octet-stream')
        .header(
          'Cache-Control',
          path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        )
        .send(readFileSync(file));
    }
    const indexPath = join(rendererRoot, 'index.html');
    if (!existsSync(indexPath))
      return reply
        .code(500)
        .type('text/plain')
        .send('Renderer belum dibangun: jalankan "npm run build:renderer".');
    // The host's twin of the preload runs before the app: the same window.bansos as in Electron.
    const html = readFileSync(indexPath, 'utf8').replace(
      '<head>',
      '<head>\n    <script src="/bridge.js"></script>',
    );
    return reply
      .type(MIME['.html']!)
      .header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
      .header('Cache-Control', 'no-store')
      .send(html);
  });

  await app.listen({ host: '127.0.0.1', port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  if (port !== options.port) {
    allowedHosts.clear();
    allowedHosts.add(`127.0.0.1:${port}`).add(`localhost:${port}`);
  }
  const url = `http://127.0.0.1:${port}`;
  return { app, url, launchUrl: `${url}/?k=${launchToken}` };
}
