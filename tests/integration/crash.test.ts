import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../core/audit/chain.ts';
import { Database } from '../../core/db/database.ts';
import { replaceRegions } from '../../core/regions/regions.ts';
import { integrityOk } from '../../db/connection.ts';
import { qb } from '../../db/sql.ts';
import { BULK_SIZE, generationOf, regionGeneration } from '../support/bulkRegions.ts';
import { ADMIN, Client, setUpCore } from '../support/core.ts';
import { BansosCore } from '../../core/app.ts';

/**
 * Kill the process (SIGKILL) at random points during a bulk write, 50 times: the database
 * opens, integrity_check is ok, and each bulk write is either wholly there or wholly absent.
 *
 * The bulk write is the real reference-data use case: `replaceRegions` through
 * `Database.write`, which audits every row in the same transaction. A child process
 * (support/bulkWriter.ts) replaces all regions generation after generation and reports each
 * commit on stdout; this process kills it with SIGKILL after a random delay and then checks
 * the files as the next start of the app would find them.
 *
 * 5 rounds of 10 kills, each round on a fresh data folder, so the audit log (3000 entries per
 * generation) stays small enough to verify after every kill.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WRITER = fileURLToPath(new URL('./support/bulkWriter.ts', import.meta.url));
const ROUNDS = 5;
const KILLS_PER_ROUND = 10;
const MIN_DELAY_MS = 50;
const MAX_DELAY_MS = 1500;

// Reproducible randomness: BANSOS_CRASH_SEED=<n> replays a run.
const SEED = Number(process.env.BANSOS_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);

interface KillOutcome {
  /** Generation in the database when the child started. */
  readyGeneration: number;
  /** Last generation the child reported as committed before it died. */
  lastReported: number;
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
  delayMs: number;
  walBytesAtKill: number;
}

/** Starts a writer, kills it `delayMs` after it says ready, and answers what it reported. */
function runAndKill(dbPath: string, keyHex: string, delayMs: number): Promise<KillOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dbPath], {
      cwd: ROOT,
      env: { ...process.env, BANSOS_TEST_DB_KEY: keyHex },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let readyGeneration: number | null = null;
    let walBytesAtKill = 0;
    let timer: NodeJS.Timeout | undefined;
    const startupGuard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (readyGeneration === null) {
        const ready = /^ready (\d+)$/m.exec(stdout);
        if (ready) {
          readyGeneration = Number(ready[1]);
          clearTimeout(startupGuard);
          timer = setTimeout(() => {
            walBytesAtKill = existsSync(`${dbPath}-wal`) ? statSync(`${dbPath}-wal`).size : 0;
            child.kill('SIGKILL');
          }, delayMs);
        }
      }
    });
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    // 'close' comes after stdout is drained: every line written before the kill is in `stdout`.
    child.on('close', (code, signal) => {
      clearTimeout(startupGuard);
      if (timer) clearTimeout(timer);
      if (readyGeneration === null) {
        reject(new Error(`writer never became ready (code ${code}, signal ${signal}): ${stderr}`));
        return;
      }
      const committed = stdout
        .split('\n')
        .filter((line) => /^\d+$/.test(line))
        .map(Number);
      for (let i = 0; i < committed.length; i++) {
        if (committed[i] !== readyGeneration + i + 1)
          reject(new Error(`writer reported generations out of order: ${committed.join(',')}`));
      }
      resolve({
        readyGeneration,
        lastReported: committed.at(-1) ?? readyGeneration,
        signal,
        code,
        stderr,
        delayMs,
        walBytesAtKill,
      });
    });
  });
}

/** Opens the database as the next app start would, and checks every promise of the test. */
async function checkAfterCrash(
  dbPath: string,
  key: Buffer,
  lastReported: number,
  context: string,
): Promise<{ generation: number; auditEntries: number }> {
  const db = await Database.open(dbPath, key);
  try {
    expect(integrityOk(db.sql.raw), `${context}: integrity_check`).toBe(true);

    const rows = db.sql.all(qb.selectFrom('regions').selectAll().orderBy('code'));
    const generations = [...new Set(rows.map((r) => generationOf(r.name)))];
    expect(generations, `${context}: all region rows belong to one generation`).toHaveLength(1);
    const generation = generations[0];
    if (generation === null || generation === undefined)
      throw new Error(`${context}: regions not made by the bulk writer`);

    // Wholly there: the exact set of that generation, nothing more, nothing less.
    expect(rows.length, `${context}: row count of generation ${generation}`).toBe(BULK_SIZE);
    expect(rows, `${context}: rows of generation ${generation}`).toEqual(
      regionGeneration(generation).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    );

    // Nothing committed is lost; at most the one commit the child made but could not report yet.
    expect(generation, `${context}: generation vs last reported ${lastReported}`).toBeGreaterThanOrEqual(
      lastReported,
    );
    expect(generation, `${context}: generation vs last reported ${lastReported}`).toBeLessThanOrEqual(
      lastReported + 1,
    );

    // The audit chain is whole, and the audit entries went with the rows: all of this
    // generation's, none of an uncommitted next one.
    const chain = verifyChain(db.sql);
    expect(chain.problems, `${context}: audit chain problems`).toEqual([]);
    expect(chain.ok).toBe(true);
    const auditOf = (g: number) =>
      (
        db.sql.raw
          .prepare(
            `SELECT count(*) AS n FROM audit_log WHERE action = 'regions.import' AND changes_json LIKE ?`,
          )
          .get(`%"name":{"new":"Gen ${g} Desa %`) as { n: number }
      ).n;
    expect(auditOf(generation), `${context}: audit entries of generation ${generation}`).toBe(BULK_SIZE);
    expect(
      auditOf(generation + 1),
      `${context}: audit entries of the uncommitted generation ${generation + 1}`,
    ).toBe(0);
    return { generation, auditEntries: chain.entries };
  } finally {
    db.close();
  }
}

describe(`SIGKILL during bulk writes (${ROUNDS * KILLS_PER_ROUND} kills, seed ${SEED})`, () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: ${KILLS_PER_ROUND} kills at random points leave whole generations only`, async () => {
      const { core, dataDir } = await setUpCore();
      const key = Buffer.from(core.key);
      const dbPath = core.dir.dbPath;
      await core.close();

      // Generation 0 through the same use case, so every state has exactly one generation.
      const seed = await Database.open(dbPath, key);
      seed.write({ userId: null, username: 'bulk-writer' }, (changes) =>
        replaceRegions(changes, regionGeneration(0)),
      );
      seed.close();
      let last = (await checkAfterCrash(dbPath, key, 0, `round ${round} seed`)).generation;

      const log: string[] = [];
      let unreportedCommits = 0;
      for (let kill = 1; kill <= KILLS_PER_ROUND; kill++) {
        const delayMs = Math.round(MIN_DELAY_MS + random() * (MAX_DELAY_MS - MIN_DELAY_MS));
        const context = `seed ${SEED}, round ${round}, kill ${kill} after ${delayMs} ms`;
        const outcome = await runAndKill(dbPath, key.toString('hex'), delayMs);
        expect(outcome.signal, `${context}: writer must die by our SIGKILL (stderr: ${outcome.stderr})`).toBe(
          'SIGKILL',
        );
        expect(outcome.readyGeneration, `${context}: writer started from the generation we saw`).toBe(last);
        const { generation, auditEntries } = await checkAfterCrash(
          dbPath,
          key,
          outcome.lastReported,
          context,
        );
        if (generation > outcome.lastReported) unreportedCommits++;
        log.push(
          `${delayMs}ms: gen ${outcome.readyGeneration}->${generation} (reported ${outcome.lastReported}, wal ${outcome.walBytesAtKill} B, audit ${auditEntries})`,
        );
        last = generation;
      }

      // And the app itself still starts on it: real login, the last generation listed.
      const app = new BansosCore({
        dataDir,
        host: { chooseSaveFile: async () => null, chooseOpenFile: async () => null },
        kdfCost: 'test',
      });
      try {
        const admin = new Client(app);
        await admin.ok('auth.login', { username: ADMIN.username, password: ADMIN.password });
        const regions = await admin.ok('regions.list', {});
        expect(regions).toHaveLength(BULK_SIZE);
        expect(regions.every((r) => generationOf(r.name) === last)).toBe(true);
      } finally {
        await app.close();
      }
      console.log(
        `[crash round ${round}, seed ${SEED}] ${unreportedCommits} kills fell between commit and report\n  ${log.join('\n  ')}`,
      );
    }, 150_000);
  }
});
