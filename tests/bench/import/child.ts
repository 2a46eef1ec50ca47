/**
 * One measured step of the import/export bench, in its own process so its memory is its own.
 * Peak memory is the highest resident set size (worker threads included) sampled while the step
 * runs: the process high-water mark would also count logging in, whose key derivation (scrypt)
 * briefly takes more memory than the step itself. Prints one JSON line:
 * { ms, peakRssMb, baseRssMb, rows }.
 *
 * `floor` is not a feature: it writes the rows an import wrote (read from the imported data
 * folder before the clock starts) into an untouched copy of it, table by table with one
 * prepared statement each, in one transaction, names indexed at the end as the import does. No
 * parsing, no checks, no hashing: the cost of the writes themselves, which no import that keeps
 * these rows (entities, their audit entries, their sync outbox rows) can beat. `floor-entities` copies the entity rows
 * alone: what even an import with no audit trail and no sync would have to write.
 *
 * `import-here` runs the same import job on this process's main thread instead of a job thread
 * (the parser thread stays), so that `node --cpu-prof` profiles the job's work: bundled job
 * threads start without their parent's flags.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { BansosCore } from '../../../core/app.ts';
import { openEncrypted } from '../../../db/connection.ts';
import { DataDir } from '../../../db/dataDir.ts';
import { Database } from '../../../core/db/database.ts';
import { importCommitJob } from '../../../core/importer/jobs.ts';
import { deferNameIndex } from '../../../core/registry/nameIndex.ts';
import { HEADERS, dtksRows } from './makeFile.ts';

const [step, file, dataDir, target] = process.argv.slice(2) as [string, string, string, string];
const USER = { username: 'operator', password: process.env.BENCH_OPERATOR ?? 'bench operator kota batu 2' };

async function core(): Promise<{ core: BansosCore; token: string }> {
  const instance = new BansosCore({
    dataDir,
    host: { chooseSaveFile: async () => target, chooseOpenFile: async () => file },
  });
  const login = await instance.dispatch('auth.login', USER, null);
  if (!login.result.ok || login.sessionChange?.kind !== 'set') throw new Error(JSON.stringify(login.result));
  return { core: instance, token: login.sessionChange.token };
}

// The bench drives the dispatcher by method name, so answers come back untyped.
type Answer = { handle: string; sheet: string; headerRow: number; mapping: unknown; jobId: string };

async function call(c: { core: BansosCore; token: string }, method: string, input: unknown): Promise<Answer> {
  const outcome = await c.core.dispatch(method, input, c.token);
  if (!outcome.result.ok) throw new Error(`${method}: ${outcome.result.error.message}`);
  return outcome.result.value as Answer;
}

const rss = () => process.memoryUsage().rss / 1024 / 1024;
const heapMb = () => process.memoryUsage().heapUsed / 1024 / 1024;

/**
 * CPU time of this process's main thread (Linux: /proc/self/task/PID/stat, utime + stime in
 * clock ticks, 100 a second): with several engineers on two cores the wall time mostly measures
 * the wait for a core; this is the work the thread did. NaN where /proc is not there.
 */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Runs one step after `prepare` (logging in is not part of any step), timing and sampling it. */
async function measure<C>(prepare: () => Promise<C>, step: (c: C) => Promise<number>): Promise<void> {
  const c = await prepare();
  const baseRssMb = rss();
  let peakRssMb = baseRssMb;
  // The main thread's own heap: in `import-here`, what the import job holds.
  let peakHeapMb = heapMb();
  const sampler = setInterval(() => {
    peakRssMb = Math.max(peakRssMb, rss());
    peakHeapMb = Math.max(peakHeapMb, heapMb());
  }, 20);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const mainStart = mainThreadCpuMs();
  const rows = await step(c);
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const mainCpuMs = mainThreadCpuMs() - mainStart;
  clearInterval(sampler);
  peakRssMb = Math.max(peakRssMb, rss());
  console.log(
    JSON.stringify({
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      mainCpuMs,
      peakRssMb,
      baseRssMb,
      peakHeapMb,
      rows,
    }),
  );
}

const none = async () => null;

async function runJob(
  c: { core: BansosCore; token: string },
  method: string,
  input: unknown,
): Promise<unknown> {
  const { jobId } = (await call(c, method, input)) as { jobId: string };
  const job = await c.core.jobs.wait(jobId);
  if (job.state !== 'done') throw new Error(job.error?.message);
  return job.result;
}

/** Tables an import writes, parents first; the log tables only past what the copy already has. */
const IMPORTED_TABLES = ['households', 'household_kk_history', 'people', 'enrolments', 'import_batches'];
const LOG_TABLES = [
  ['audit_log', 'seq'],
  ['sync_outbox', 'device_seq'],
] as const;

interface TableRows {
  table: string;
  insert: string;
  rows: unknown[][];
}

/**
 * Reads, before the clock starts, the rows the import wrote: the floor times writing alone.
 * The copy was taken before the import, so both folders hold the same key.
 */
function importedRows(importedDir: string, target: BansosCore, withLogs: boolean): TableRows[] {
  const source = openEncrypted(new DataDir(importedDir).dbPath, target.key);
  const into = target.db.sql.raw;
  const read = (table: string, where = '', parameters: unknown[] = []): TableRows => {
    const select = source.prepare(`SELECT * FROM "${table}" ${where}`);
    const columns = select.columns().map((c) => `"${c.name}"`);
    return {
      table,
      insert: `INSERT INTO "${table}" (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      rows: select.raw().all(...parameters) as unknown[][],
    };
  };
  const tables = IMPORTED_TABLES.map((table) => read(table));
  for (const [table, seq] of withLogs ? LOG_TABLES : []) {
    const { last } = into.prepare(`SELECT coalesce(max("${seq}"), 0) AS last FROM "${table}"`).get() as {
      last: number;
    };
    tables.push(read(table, `WHERE "${seq}" > ?`, [last]));
  }
  source.close();
  return tables;
}

/** One transaction, one prepared statement per table, names indexed at the end as the import does. */
async function writeRows(target: BansosCore, tables: TableRows[]): Promise<number> {
  const into = target.db.sql.raw;
  let rows = 0;
  into.exec('BEGIN IMMEDIATE');
  const names = deferNameIndex(target.db.sql);
  for (const { table, insert, rows: values } of tables) {
    const statement = into.prepare(insert);
    for (const row of values) statement.run(...row);
    rows += values.length;
    if (table === 'people') names.finish();
  }
  into.exec('COMMIT');
  await target.close();
  return rows;
}

// One function rather than top-level await: the bench bundles this file as CommonJS.
async function main(): Promise<void> {
  if (step === 'read') {
    // exceljs is loaded on first use (as in the app): loaded here, before the clock starts.
    const loaded = async () => void ExcelJS.stream;
    await measure(loaded, async () => {
      let rows = 0;
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
        sharedStrings: 'cache',
        styles: 'cache',
        hyperlinks: 'ignore',
        worksheets: 'emit',
        entries: 'emit',
      });
      for await (const sheet of reader as AsyncIterable<AsyncIterable<{ values: unknown[] }>>)
        for await (const row of sheet) if (row.values.length) rows++;
      return rows;
    });
  } else if (step === 'import') {
    await measure(core, async (c) => {
      const chosen = await call(c, 'files.chooseOpen', { purpose: 'import' });
      const inspect = await call(c, 'import.inspect', { file: chosen.handle, kind: 'recipients' });
      const result = await runJob(c, 'import.start', {
        file: chosen.handle,
        kind: 'recipients',
        sheet: inspect.sheet,
        headerRow: inspect.headerRow,
        mapping: inspect.mapping,
        mode: 'commit',
      });
      await c.core.close();
      return (result as { counts: { rows: number } }).counts.rows;
    });
  } else if (step === 'import-here') {
    await measure(core, async (c) => {
      const chosen = await call(c, 'files.chooseOpen', { purpose: 'import' });
      const inspect = await call(c, 'import.inspect', { file: chosen.handle, kind: 'recipients' });
      const db = await Database.open(c.core.dir.dbPath, c.core.key);
      const user = db.sql.raw.prepare("SELECT id FROM users WHERE username = 'operator'").get() as {
        id: string;
      };
      const result = await importCommitJob.run(
        {
          kind: 'recipients',
          filePath: file,
          fileName: 'dtks.xlsx',
          spec: {
            sheet: inspect.sheet,
            headerRow: inspect.headerRow,
            mapping: inspect.mapping as Record<string, string | null>,
            fixed: {},
            grouped: [],
            codes: {},
          },
          options: { onExisting: 'update' },
          scope: { desaCodes: null, readSpecific: true, userId: user.id, username: 'operator' },
        },
        {
          db,
          actor: { userId: user.id, username: 'operator' },
          progress: () => undefined,
          checkCancelled: () => undefined,
        },
      );
      db.close();
      await c.core.close();
      return result.counts.rows;
    });
  } else if (step === 'floor' || step === 'floor-entities') {
    await measure(
      async () => {
        const c = await core();
        return { c, tables: importedRows(file, c.core, step === 'floor') };
      },
      ({ c, tables }) => writeRows(c.core, tables),
    );
  } else if (step === 'write') {
    await measure(none, async () => {
      let rows = 0;
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
        filename: target,
        useStyles: true,
        useSharedStrings: false,
      });
      const sheet = workbook.addWorksheet('Daftar');
      sheet.columns = HEADERS.map((h) => ({ header: h, key: h, width: 16 }));
      for (const row of dtksRows(Number(file))) {
        sheet.addRow(row).commit();
        rows++;
      }
      sheet.commit();
      await workbook.commit();
      return rows;
    });
  } else if (step === 'export') {
    await measure(core, async (c) => {
      const chosen = await call(c, 'files.chooseSave', { purpose: 'export', suggestedName: 'ekspor.xlsx' });
      const result = await runJob(c, 'export.start', { kind: 'recipients', target: chosen.handle });
      await c.core.close();
      return (result as { rows: number }).rows;
    });
  }
}

void main().then(() => process.exit(0));
