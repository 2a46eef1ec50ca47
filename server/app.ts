import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createGunzip, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { hostErrorAnswer } from '../common/api/httpErrors.ts';
import { useIndonesianMessages } from '../common/api/issues.ts';
import {
  AUDIT_GENESIS,
  auditPayload,
  auditPushRequest,
  enrolRequest,
  MAX_BODY_BYTES,
  OUTBOX_GENESIS,
  PROTOCOL_VERSION,
  PULL_PAGE,
  pullQuery,
  pushRequest,
  type AuditEntry,
} from '../common/sync/protocol.ts';
import { checkAuditedBatch } from './batches.ts';
import { registerBlobRoutes } from './blobs.ts';
import { areaOf, conflictsVisibleTo } from './places.ts';
import { disbursementTotals } from './reports.ts';
import { applyPurges } from './retention.ts';
import type { ServerSchema, Store } from './store.ts';
import {
  alarm,
  contentDigest,
  pullPage,
  push,
  recordRoster,
  SyncRefused,
  toConflictView,
  type MergePolicy,
} from './sync.ts';

export interface ServerOptions {
  store: Store;
  tls?: { cert: string; key: string };
  logger?: boolean;
  clock?: () => Date;
  /** Requests per minute per address on /v1/enrol and for failed device authentication. */
  rateLimit?: number;
  /** The protocol's three-way merge unless given (the test suite's negative control). */
  merge?: MergePolicy;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A fixed one-minute window per address. */
class RateLimiter {
  private readonly hits = new Map<string, { start: number; count: number }>();
  constructor(private readonly perMinute: number) {}
  take(address: string, now: number): boolean {
    const w = this.hits.get(address);
    if (!w || now - w.start > 60_000) {
      this.hits.set(address, { start: now, count: 1 });
      return true;
    }
    w.count++;
    return w.count <= this.perMinute;
  }
}

function fail(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ ok: false, error: { code, message } });
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new SyncRefused(
      400,
      'VALIDATION',
      `Permintaan tidak valid${parsed.error.issues[0]?.path.length ? ` (${parsed.error.issues[0].path.join('.')})` : ''}: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  return parsed.data;
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const { store } = options;
  const db = store.db;
  // Zod's messages (request validation) in plain Indonesian, as dispatch answers them.
  useIndonesianMessages();
  const clock = options.clock ?? (() => new Date());
  const now = () => clock().toISOString();
  const limiter = new RateLimiter(options.rateLimit ?? 30);
  const authFailures = new RateLimiter(options.rateLimit ?? 30);

  const app = Fastify({
    bodyLimit: MAX_BODY_BYTES,
    logger:
      options.logger === false
        ? false
        : { level: process.env.LOG_LEVEL ?? 'info', redact: ['req.headers.authorization'] },
    ...(options.tls
      ? { https: { cert: readFileSync(options.tls.cert), key: readFileSync(options.tls.key) } }
      : {}),
  });

  async function authenticate(request: FastifyRequest): Promise<ServerSchema['devices']> {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([^.\s]+)\.(\S+)$/.exec(header);
    const row = match
      ? await db.selectFrom('devices').selectAll().where('id', '=', match[1]!).executeTakeFirst()
      : undefined;
    const ok =
      row &&
      match &&
      timingSafeEqual(Buffer.from(row.secret_hash, 'hex'), Buffer.from(sha256(match[2]!), 'hex'));
    if (!ok) {
      if (!authFailures.take(request.ip, Date.now()))
        throw new SyncRefused(429, 'RATE_LIMITED', 'Terlalu banyak percobaan. Coba lagi dalam satu menit.');
      throw new SyncRefused(
        401,
        'UNAUTHENTICATED',
        'Perangkat tidak dikenal server. Daftarkan ulang perangkat ini.',
      );
    }
    if (row.revoked_at)
      throw new SyncRefused(403, 'REVOKED', 'Perangkat ini sudah dicabut oleh administrator server.');
    return row;
  }

  // Every route but these two belongs to an enrolled device, and the device is known before its
  // body is read: an unknown caller gets its 401 (and counts against the failure limit) without
  // the server inflating or parsing anything it sent.
  const openRoutes = new Set(['/health', '/v1/enrol']);
  const authenticated = new WeakMap<FastifyRequest, ServerSchema['devices']>();
  app.addHook('onRequest', async (request) => {
    if (!openRoutes.has(request.routeOptions.url ?? ''))
      authenticated.set(request, await authenticate(request));
  });
  /** The device the onRequest hook authenticated for this request. */
  async function device(request: FastifyRequest): Promise<ServerSchema['devices']> {
    const row = authenticated.get(request);
    if (!row) throw new Error(`${request.routeOptions.url} is an open route: it has no device`);
    return row;
  }

  // Gzipped request bodies (large pushes); the body limit applies to the inflated size too.
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (request.headers['content-encoding'] !== 'gzip') return payload;
    delete request.headers['content-encoding'];
    delete request.headers['content-length'];
    return payload.pipe(createGunzip());
  });

  // How long the server itself took (W3C Server-Timing): a workstation can tell a slow server
  // from a slow line or its own busy thread (the load bench reports it beside the round trip).
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(1)}`);
    return payload;
  });

  // Requests are JSON: any other body is refused with 415 (in Indonesian, below).
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof SyncRefused) return fail(reply, error.status, error.code, error.message);
    // Fastify's own refusals (not JSON, too large, wrong content type) in Indonesian, never its English.
    const answer = hostErrorAnswer(error, { bodyLimitBytes: MAX_BODY_BYTES });
    if (answer.status < 500) return fail(reply, answer.status, answer.code, answer.message);
    const ref = randomUUID().slice(0, 8);
    request.log.error({ err: error, ref }, 'internal error');
    return fail(reply, 500, 'INTERNAL', `Kesalahan di server (rujukan ${ref}).`);
  });

  app.get('/health', async () => ({
    ok: true,
    protocol: PROTOCOL_VERSION,
    store: store.kind,
    time: now(),
  }));

  app.post('/v1/enrol', async (request, reply) => {
    if (!limiter.take(request.ip, Date.now()))
      return fail(
        reply,
        429,
        'RATE_LIMITED',
        'Terlalu banyak percobaan pendaftaran. Coba lagi dalam satu menit.',
      );
    const body = parseBody(enrolRequest, request.body);
    const at = now();
    const codeHash = sha256(normaliseCode(body.code));
    const result = await db.transaction().execute(async (trx) => {
      const code = await trx
        .selectFrom('enrol_codes')
        .selectAll()
        .where('code_hash', '=', codeHash)
        .executeTakeFirst();
      if (!code || code.used_at || code.expires_at < at) return null;
      const id = randomUUID();
      const secret = randomBytes(32).toString('base64url');
      const used = await trx
        .updateTable('enrol_codes')
        .set({ used_at: at, device_id: id })
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) return null;
      const row: ServerSchema['devices'] = {
        id,
        name: body.name,
        local_device_id: body.localDeviceId,
        secret_hash: sha256(secret),
        enrolled_at: at,
        revoked_at: null,
        last_seen_at: at,
        next_seq: 1,
        last_hash: OUTBOX_GENESIS,
        audit_next_seq: 1,
        audit_hash: AUDIT_GENESIS,
        cursor: 0,
        // The server admin chose the area with the code: the workstation cannot ask for more.
        area_json: code.area_json,
      };
      await trx.insertInto('devices').values(row).execute();
      // The enrolment code is the server admin's consent: the users on the device now are trusted.
      await recordRoster(trx, row, body.roster, at, true);
      return { deviceId: id, secret, area: areaOf(code.area_json) };
    });
    if (!result)
      return fail(reply, 403, 'BAD_CODE', 'Kode pendaftaran salah, kedaluwarsa, atau sudah dipakai.');
    const serverId =
      (await db.selectFrom('server_meta').select('value').where('key', '=', 'server_id').executeTakeFirst())
        ?.value ?? '';
    request.log.info({ device: result.deviceId, name: body.name }, 'device enrolled');
    return { ...result, serverId };
  });

  app.post('/v1/push', async (request) => {
    const d = await device(request);
    const body = parseBody(pushRequest, request.body);
    const response = await push(store, d.id, body, now(), options.merge);
    request.log.info(
      {
        device: d.id,
        mutations: body.mutations.length,
        expected: response.expectedSeq,
        gap: response.gap ?? false,
      },
      'push',
    );
    return response;
  });

  app.get('/v1/pull', async (request, reply) => {
    const d = await device(request);
    const { cursor, limit: asked } = parseBody(pullQuery, request.query);
    const limit = Math.min(PULL_PAGE * 4, asked);
    const body = await pullPage(db, cursor, limit, areaOf(d.area_json));
    await db.updateTable('devices').set({ cursor, last_seen_at: now() }).where('id', '=', d.id).execute();
    reply.header('content-type', 'application/json; charset=utf-8');
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')) && body.length > 1024) {
      reply.header('content-encoding', 'gzip');
      return reply.send(gzipSync(body, { level: 1 }));
    }
    return reply.send(body);
  });

  app.get('/v1/status', async (request) => {
    const d = await device(request);
    const rows = await db
      .selectFrom('conflicts')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('status', '=', 'open'),
          eb('resolved_at', '>', new Date(clock().getTime() - 7 * 86400_000).toISOString()),
        ]),
      )
      .orderBy('at', 'desc')
      .limit(1000)
      .execute();
    const devices = await db.selectFrom('devices').select(['id', 'name']).execute();
    const names = new Map(devices.map((x) => [x.id, x.name]));
    const conflicts = await conflictsVisibleTo(db, d, rows);
    const alarms = await db
      .selectFrom('alarms')
      .select(['at', 'kind', 'message'])
      .where('device_id', '=', d.id)
      .orderBy('at', 'desc')
      .limit(50)
      .execute();
    return { conflicts: conflicts.map((r) => toConflictView(r, names)), alarms, serverTime: now() };
  });

  app.post('/v1/audit', async (request) => {
    const d = await device(request);
    const body = parseBody(auditPushRequest, request.body);
    return pushAudit(store, d, body.entries, body.head, now());
  });

  app.get('/v1/digest', async (request) => {
    const d = await device(request);
    return contentDigest(db, areaOf(d.area_json));
  });

  app.get('/v1/reports/disbursement', async (request) => {
    const d = await device(request);
    const query = request.query as { year?: string; month?: string };
    return disbursementTotals(db, Number(query.year), Number(query.month), areaOf(d.area_json));
  });

  registerBlobRoutes(app, device, db, now);

  return app;
}

/**
 * Listens until SIGTERM/SIGINT, then closes the store. One plain line on stdout for scripts and
 * tests: the URL to enrol against. The merge policy is the protocol's unless the caller (the
 * test suite's negative control) builds the server with another.
 */
export async function serve(
  store: Store,
  options: Omit<ServerOptions, 'store'> & { port: number; host: string },
): Promise<never> {
  const { port, host, ...rest } = options;
  const app = buildServer({ store, ...rest });
  await app.listen({ port, host });
  const address = app.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  console.log(`BANSOS_SERVER_URL=${options.tls ? 'https' : 'http'}://${host}:${actual}`);
  const stop = async () => {
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return new Promise<never>(() => {});
}

export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * Stores a device's audit entries after the ones the server holds, checking every link and
 * hash. A break, a rewrite or a chain shorter than what the server already holds raises an alarm.
 */
export async function pushAudit(
  store: Store,
  d: ServerSchema['devices'],
  entries: AuditEntry[],
  head: { seq: number; hash: string },
  at: string,
): Promise<{ expectedSeq: number; ok: boolean; alarms: string[] }> {
  return store.db.transaction().execute(async (trx) => {
    // One audit push per device at a time (PostgreSQL runs requests side by side): a resend
    // arriving while the first is still stored waits for it, then finds its entries held.
    let query = trx.selectFrom('devices').select(['audit_next_seq', 'audit_hash']).where('id', '=', d.id);
    if (store.kind === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirstOrThrow();
    let expected = Number(row.audit_next_seq);
    let prev = row.audit_hash;
    const alarms: string[] = [];
    const raise = async (kind: string, message: string) => {
      alarms.push(message);
      await alarm(trx, d.id, at, kind, message);
    };
    if (head.seq < expected - 1) {
      await raise(
        'audit_truncated',
        `Log audit perangkat ${d.name} lebih pendek (${head.seq}) daripada yang sudah tersimpan di server (${expected - 1}): ada catatan yang hilang.`,
      );
    } else if (head.seq === expected - 1 && head.seq > 0 && head.hash !== prev) {
      await raise(
        'audit_rewritten',
        `Ujung log audit perangkat ${d.name} berbeda dari yang tersimpan di server: log telah diubah.`,
      );
    }
    const values: ServerSchema['audit_entries'][] = [];
    for (const entry of entries) {
      if (entry.seq < expected) continue;
      if (entry.seq > expected) {
        await raise(
          'audit_gap',
          `Log audit perangkat ${d.name}: catatan ${expected} sampai ${entry.seq - 1} tidak terkirim.`,
        );
        break;
      }
      const { hash, ...rest } = entry;
      if (entry.prev_hash !== prev || sha256(auditPayload(rest)) !== hash) {
        await raise('audit_break', `Log audit perangkat ${d.name} tidak utuh pada catatan ${entry.seq}.`);
        break;
      }
      values.push({
        device_id: d.id,
        seq: entry.seq,
        hash,
        prev_hash: entry.prev_hash,
        entry_json: JSON.stringify(entry),
      });
      expected = entry.seq + 1;
      prev = hash;
    }
    for (let i = 0; i < values.length; i += 200)
      await trx
        .insertInto('audit_entries')
        .values(values.slice(i, i + 200))
        .execute();
    const stored = new Set(values.map((v) => v.seq));
    for (const entry of entries.filter((e) => stored.has(e.seq))) {
      const mismatch = await checkAuditedBatch(trx, d, entry);
      if (mismatch) await raise('batch_audit', mismatch);
    }
    // A purge the server cannot tie to the right to purge is kept unapplied; the rest goes on.
    const held = await applyPurges(
      trx,
      d,
      entries.filter((e) => stored.has(e.seq)),
    );
    for (const why of held) await raise('purge_held', why);
    await trx
      .updateTable('devices')
      .set({ audit_next_seq: expected, audit_hash: prev })
      .where('id', '=', d.id)
      .execute();
    return { expectedSeq: expected, ok: alarms.length === 0, alarms };
  });
}
