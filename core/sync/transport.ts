import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import { checkServerIdentity, connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { gunzipSync, gzipSync } from 'node:zlib';
import { AppFailure } from '../../common/errors.ts';

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
export type Transport = <T>(
  target: ServerTarget,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  transfer: Transfer,
) => Promise<T>;

/** One JSON request to the central server over HTTP(S), gzip-aware, with an optional pinned certificate. */
export function callServer<T>(
  target: ServerTarget,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  transfer: Transfer,
): Promise<T> {
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
  return new Promise<T>((resolve, reject) => {
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
        try {
          if (res.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
          const parsed = raw.length ? (JSON.parse(raw.toString('utf8')) as unknown) : {};
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(parsed as T);
          const error = (parsed as { error?: { code?: string; message?: string } }).error;
          if (status >= 500 || !error) return reject(new NetworkFailure(`Server menjawab ${status}.`));
          reject(
            new ServerRefusal(status, error.code ?? 'ERROR', error.message ?? `Server menolak (${status}).`),
          );
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
