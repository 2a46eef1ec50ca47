import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { gunzipSync } from 'node:zlib';
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

/** One JSON request to the central server over HTTP(S), gzip-aware, with an optional pinned certificate. */
export function callServer<T>(
  target: ServerTarget,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  transfer: Transfer,
): Promise<T> {
  const url = new URL(path, target.url.endsWith('/') ? target.url : `${target.url}/`);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const secure = url.protocol === 'https:';
  const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'gzip' };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  if (target.credentials) headers.authorization = `Bearer ${target.credentials}`;
  return new Promise<T>((resolve, reject) => {
    const options = {
      method,
      headers,
      timeout: target.timeoutMs ?? 30_000,
      ...(secure
        ? {
            ca: target.ca,
            checkServerIdentity: (host: string, cert: PeerCertificate) => {
              if (target.pin && normalPin(cert.fingerprint256) !== normalPin(target.pin))
                return new Error('Sertifikat server tidak cocok dengan sidik jari yang disematkan.');
              // A pinned certificate is trusted by its fingerprint, whatever name it carries.
              return target.pin ? undefined : checkServerIdentity(host, cert);
            },
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
