import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import { checkServerIdentity, connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { z } from 'zod';
import { AppFailure } from '../../common/errors.ts';
import { errorResponse } from '../../common/sync/protocol.ts';
import type { SyncState } from './state.ts';

export interface ServerTarget {
  url: string;
  /** Bearer credentials "<deviceId>.<secret>"; absent for health and enrolment. */
  credentials?: string;
  /** PEM of a certificate authority (or the server's self-signed certificate) to trust. */
  ca?: string;
  /** SHA-256 fingerprint of the server's certificate ("AB:CD:..."), when pinned. */
  pin?: string;
  timeoutMs?: number;
}

export interface Transfer {
  bytesSent: number;
  bytesReceived: number;
  /** Time the server says it spent on the requests (its Server-Timing header), when it says. */
  serverMs?: number;
}

/** Unreachable, timed out, or an answer that was not the server's: the caller retries later. */
export class NetworkFailure extends AppFailure {
  constructor(message: string) {
    super('OFFLINE', message);
  }
}

export class ServerRefusal extends AppFailure {
  constructor(
    readonly status: number,
    readonly serverCode: string,
    message: string,
  ) {
    super(status === 401 || status === 403 ? 'FORBIDDEN' : 'CONFLICT', message);
  }
}

/** What each request is called when its reply cannot be used. */
const REQUEST_NAMES: Record<string, string> = {
  'v1/enrol': 'pendaftaran perangkat',
  'v1/push': 'pengiriman perubahan',
  'v1/audit': 'pengiriman log audit',
  'v1/pull': 'pengambilan perubahan',
  'v1/status': 'permintaan status',
};

/**
 * A reply that parses as JSON but is not what the protocol says (another program at that
 * address, or a server of another version): said to the user, never passed on half-read.
 */
export class MalformedReply extends AppFailure {
  constructor(path: string) {
    const request = REQUEST_NAMES[path.split('?')[0] ?? ''] ?? 'permintaan';
    super(
      'INTERNAL',
      `Jawaban server atas ${request} tidak sesuai protokol sinkronisasi: alamat server mungkin salah, atau versi server berbeda dengan aplikasi ini. Perubahan tetap tersimpan di komputer ini. Periksa alamat server atau hubungi administrator server.`,
    );
  }
}

const normalPin = (pin: string) => pin.replace(/[^0-9a-f]/gi, '').toUpperCase();

const PIN_MISMATCH = 'Sertifikat server tidak cocok dengan sidik jari yang disematkan.';

/**
 * A pinned server is trusted by its certificate's SHA-256 fingerprint alone (office servers often
 * use a self-signed certificate or their own CA): the TLS handshake completes, the fingerprint is
 * compared, and only then is the socket handed to the request, so nothing is sent to an impostor.
 */
class PinnedAgent extends HttpsAgent {
  constructor(private readonly pin: string) {
    super({ keepAlive: false });
    // Node's Agent accepts an asynchronous createConnection (callback form); its typings do not.
    (this as unknown as { createConnection: unknown }).createConnection = this.connectPinned.bind(this);
  }

  private connectPinned(
    options: ConnectionOptions,
    callback?: (error: Error | null, socket?: TLSSocket) => void,
  ): TLSSocket | undefined {
    const socket = tlsConnect({ ...options, rejectUnauthorized: false });
    socket.once('secureConnect', () => {
      if (normalPin(socket.getPeerCertificate().fingerprint256 ?? '') === normalPin(this.pin))
        callback?.(null, socket);
      else {
        socket.destroy();
        callback?.(new Error(PIN_MISMATCH));
      }
    });
    socket.once('error', (error) => callback?.(error));
    return undefined;
  }
}

/** How a sync reaches its server: `callServer`, or a test rig's wrapper around it. */
export type Transport = <S extends z.ZodType>(
  target: ServerTarget,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  transfer: Transfer,
  reply: S,
) => Promise<z.output<S>>;

/**
 * One JSON request to the central server over HTTP(S), gzip-aware, with an optional pinned
 * certificate. The answer is parsed with the protocol's schema for it (`reply`).
 */
export function callServer<S extends z.ZodType>(
  target: ServerTarget,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  transfer: Transfer,
  reply: S,
): Promise<z.output<S>> {
  const url = new URL(path, target.url.endsWith('/') ? target.url : `${target.url}/`);
  const json = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  // Large pushes (mutations, audit entries) travel gzipped: about a tenth of the bytes.
  const compress = json !== undefined && json.length > 64 * 1024;
  const payload = json && compress ? gzipSync(json, { level: 1 }) : json;
  const secure = url.protocol === 'https:';
  const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'gzip' };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
    if (compress) headers['content-encoding'] = 'gzip';
  }
  if (target.credentials) headers.authorization = `Bearer ${target.credentials}`;
  return new Promise<z.output<S>>((resolve, reject) => {
    const options: RequestOptions = {
      method,
      headers,
      timeout: target.timeoutMs ?? 30_000,
      ...(secure
        ? {
            ...(target.pin ? { agent: new PinnedAgent(target.pin) } : { ca: target.ca, checkServerIdentity }),
          }
        : {}),
    };
    const req = (secure ? httpsRequest : httpRequest)(url, options, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => reject(new NetworkFailure(`Jawaban server terputus: ${e.message}`)));
      res.on('end', () => {
        let raw = Buffer.concat(chunks);
        transfer.bytesReceived += raw.length;
        const serverMs = serverTiming(res.headers['server-timing']);
        if (serverMs !== null) transfer.serverMs = (transfer.serverMs ?? 0) + serverMs;
        try {
          if (res.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
          const parsed = raw.length ? (JSON.parse(raw.toString('utf8')) as unknown) : {};
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            const answer = reply.safeParse(parsed);
            return answer.success ? resolve(answer.data) : reject(new MalformedReply(path));
          }
          const refusal = errorResponse.safeParse(parsed);
          if (status >= 500 || !refusal.success)
            return reject(new NetworkFailure(`Server menjawab ${status}.`));
          const { code, message } = refusal.data.error;
          reject(new ServerRefusal(status, code, message));
        } catch {
          reject(new NetworkFailure('Jawaban server tidak terbaca (terpotong atau bukan dari server ini).'));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('waktu habis')));
    req.on('error', (e) => {
      const message = /sidik jari|fingerprint/i.test(e.message)
        ? e.message
        : `Server tidak dapat dihubungi (${(e as NodeJS.ErrnoException).code ?? e.message}).`;
      reject(/sidik jari/.test(message) ? new AppFailure('FORBIDDEN', message) : new NetworkFailure(message));
    });
    if (payload) {
      transfer.bytesSent += payload.length;
      req.end(payload);
    } else req.end();
  });
}

/** The `dur` of a Server-Timing header ("app;dur=12.5"), or null. */
function serverTiming(header: string | string[] | undefined): number | null {
  const match = /dur=([0-9.]+)/.exec(Array.isArray(header) ? header.join(',') : (header ?? ''));
  return match ? Number(match[1]) : null;
}

/** How this enrolled workstation reaches its server; refused in plain words before enrolment. */
export function target(state: SyncState): ServerTarget {
  if (!state.serverUrl || !state.deviceId || !state.secret)
    throw new AppFailure(
      'CONFLICT',
      'Perangkat ini belum terdaftar di server pusat. Minta kode pendaftaran kepada administrator server, lalu daftarkan di halaman Sinkronisasi.',
    );
  return {
    url: state.serverUrl,
    credentials: `${state.deviceId}.${state.secret}`,
    ...(state.pin ? { pin: state.pin } : {}),
    ...(state.ca ? { ca: state.ca } : {}),
  };
}
