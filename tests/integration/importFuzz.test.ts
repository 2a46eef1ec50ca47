import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { expect, it } from 'vitest';
import { AppFailure } from '../../common/errors.ts';
import { runImport } from '../../core/importer/engine.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../core/importer/limits.ts';
import { RegionNames } from '../../core/regions/names.ts';
import { readSettings } from '../../core/settings/settings.ts';
import { ARTIFACTS } from '../support/artifacts.ts';
import { clerkCore, englishDetail, grant, looksLikeUserMessage } from '../support/importHarness.ts';
import { entry, readZip, zipBytes } from '../support/zipWriter.ts';

/**
 * The mutation fuzzer of the import issue: valid corpus files (three workbooks, one of them
 * written by LibreOffice, and three text files), each mutated many times (bytes flipped, the
 * file cut short, byte ranges duplicated), every mutant through the real path: `import.inspect`
 * through dispatch (the parsing thread, layout, mapping), then, when that succeeds, the
 * preview of every row (runImport, which reads the sheet in its own thread again).
 *
 * Each case must end, within the reader's watchdog, either read or refused with an
 * AppFailure whose message is Indonesian and free of program internals. A crash of the test
 * process, an INTERNAL error or a hang fails the test. Failing mutants are saved under
 * tests/artifacts/import-fuzz/ with their seed, to replay.
 *
 * IMPORT_FUZZ_SEED and IMPORT_FUZZ_CASES change the seed and the number of mutants per file.
 */

const CORPUS = join(import.meta.dirname, '../fixtures/import');
const SOURCES = [
  '01-judul-gabung.xlsx',
  '12-rumus.xlsx',
  '18-libreoffice-teks.xlsx',
  '05-desa-ansi.csv',
  '06-dtks-pipa.txt',
  '08-utf8-bom.csv',
];
const SEED = Number(process.env.IMPORT_FUZZ_SEED ?? 20_260_105);
const PER_FILE = Number(process.env.IMPORT_FUZZ_CASES ?? 25);
/** Mutants checked at the same time. */
const CONCURRENCY = 3;
/** The reader's watchdog plus room for a slow machine (and for the other mutants running). */
const CASE_LIMIT_MS = DEFAULT_IMPORT_LIMITS.watchdogMs + 30_000;

/** mulberry32: small, seeded, the same sequence everywhere. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * flip: random bytes anywhere; cut: the file ends early; duplicate: a byte range copied in
 * elsewhere. For workbooks also: flip-data, bytes flipped in the compressed parts only (the
 * zip's directory intact, so the reader itself meets the damage); xml, bytes flipped or
 * duplicated inside one part's XML, re-compressed into a well-formed zip (the XML parser and
 * exceljs meet it).
 */
type Mutation = 'flip' | 'cut' | 'duplicate' | 'flip+cut' | 'duplicate+flip' | 'flip-data' | 'xml';
const TEXT_MUTATIONS: Mutation[] = ['flip', 'cut', 'duplicate', 'flip+cut', 'duplicate+flip'];
const XLSX_MUTATIONS: Mutation[] = [
  'flip',
  'cut',
  'duplicate',
  'flip-data',
  'flip-data',
  'xml',
  'xml',
  'xml',
];

/** Where a zip's central directory starts (the end of the compressed parts). */
function directoryStart(zip: Buffer): number {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  return end < 0 ? zip.length : zip.readUInt32LE(end + 16);
}

function mutate(bytes: Buffer, kind: Mutation, next: () => number): { bytes: Buffer; detail: string } {
  const int = (n: number) => Math.floor(next() * n);
  if (kind === 'xml') {
    const entries = readZip(bytes);
    const xmlParts = entries.filter((e) => e.name.endsWith('.xml') || e.name.endsWith('.rels'));
    const part = xmlParts[int(xmlParts.length)]!;
    const inner = mutate(part.data, next() < 0.7 ? 'flip' : 'duplicate', next);
    part.data = inner.bytes;
    return {
      bytes: zipBytes(entries.map((e) => entry(e.name, e.data))),
      detail: `xml ${part.name} ${inner.detail}`,
    };
  }
  let out = Buffer.from(bytes);
  const details: string[] = [];
  for (const step of kind.split('+')) {
    if (step === 'flip-data') {
      const limit = directoryStart(out);
      const count = 1 + int(8);
      const at: number[] = [];
      for (let i = 0; i < count; i++) {
        const position = int(limit);
        out[position] = out[position]! ^ (1 + int(255));
        at.push(position);
      }
      details.push(`flip-data@${at.join(',')}`);
    } else if (step === 'flip') {
      const count = 1 + int(16);
      const at: number[] = [];
      for (let i = 0; i < count; i++) {
        const position = int(out.length);
        out[position] = out[position]! ^ (1 + int(255));
        at.push(position);
      }
      details.push(`flip@${at.join(',')}`);
    } else if (step === 'cut') {
      const length = 1 + int(out.length - 1);
      out = out.subarray(0, length);
      details.push(`cut@${length}`);
    } else {
      const start = int(out.length);
      const length = 1 + int(Math.min(4096, out.length - start));
      const into = int(out.length);
      out = Buffer.concat([out.subarray(0, into), out.subarray(start, start + length), out.subarray(into)]);
      details.push(`dup ${start}+${length}->${into}`);
    }
  }
  return { bytes: out, detail: details.join(' ') };
}

type Outcome =
  | { kind: 'previewed'; rows: number; errors: number }
  | { kind: 'refused'; stage: 'inspect' | 'preview'; code: string; message: string }
  | { kind: 'crashed'; stage: 'inspect' | 'preview'; error: string }
  | { kind: 'hung' };

const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> =>
  Promise.race([work, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref())]);

it(
  `${SOURCES.length * PER_FILE} mutants of ${SOURCES.length} valid files: read or refused with a clear Indonesian message, no crash, no hang`,
  async () => {
    const { core, clerk, files } = await clerkCore();
    const session = core.sessions.get(clerk.token!)!;
    const registry = () => ({
      sql: core.db.sql,
      scope: { desaCodes: null, readSpecific: false, userId: session.userId, username: 'clerk1' },
      regions: new RegionNames(core.db.sql),
      cityPrefix: readSettings(core.db.sql).cityPrefix,
      today: new Date(),
    });

    async function runCase(path: string, name: string): Promise<Outcome> {
      const handle = grant(core, clerk, path);
      const inspect = await clerk.call('import.inspect', { file: handle, kind: 'recipients' });
      if (!inspect.ok)
        return inspect.error.code === 'INTERNAL'
          ? { kind: 'crashed', stage: 'inspect', error: inspect.error.message }
          : { kind: 'refused', stage: 'inspect', code: inspect.error.code, message: inspect.error.message };
      const { sheet, headerRow, mapping } = inspect.value;
      try {
        const outcome = await runImport(
          core.db,
          { userId: session.userId, username: 'clerk1' },
          registry(),
          {
            kind: 'recipients',
            filePath: path,
            fileName: name,
            spec: { sheet, headerRow, mapping, fixed: {}, grouped: [], codes: {} },
            options: { onExisting: 'update' },
          },
          'preview',
          { progress: () => {}, checkCancelled: () => {} },
          DEFAULT_IMPORT_LIMITS,
        );
        return { kind: 'previewed', rows: outcome.counts.rows, errors: outcome.counts.errors };
      } catch (error) {
        if (error instanceof AppFailure)
          return { kind: 'refused', stage: 'preview', code: error.code, message: error.message };
        return { kind: 'crashed', stage: 'preview', error: String((error as Error)?.stack ?? error) };
      }
    }

    const next = random(SEED);
    const failures: string[] = [];
    const englishInside = new Map<string, number>();
    const summary = new Map<
      string,
      { cases: number; previewed: number; refused: Map<string, number>; slowest: number }
    >();
    const failedDir = join(ARTIFACTS, 'import-fuzz');
    const started = Date.now();

    // All mutants first (one seeded sequence), then run a few at a time: a mutant that hangs the
    // reader waits out the watchdog, and the others need not wait with it.
    const cases: { source: string; index: number; label: string; name: string; bytes: Buffer }[] = [];
    for (const source of SOURCES) {
      const original = readFileSync(join(CORPUS, source));
      summary.set(source, { cases: 0, previewed: 0, refused: new Map(), slowest: 0 });
      for (let i = 0; i < PER_FILE; i++) {
        const kinds = source.endsWith('.xlsx') ? XLSX_MUTATIONS : TEXT_MUTATIONS;
        const kind = kinds[Math.floor(next() * kinds.length)]!;
        const mutant = mutate(original, kind, next);
        cases.push({
          source,
          index: i,
          label: `${source} #${i} ${mutant.detail}`,
          name: `mutan-${source.slice(0, 2)}-${i}${extname(source)}`,
          bytes: mutant.bytes,
        });
      }
    }

    async function check(c: (typeof cases)[number]): Promise<void> {
      const stats = summary.get(c.source)!;
      const path = join(files, c.name);
      writeFileSync(path, c.bytes);
      const t0 = Date.now();
      const outcome = (await withTimeout(runCase(path, c.name), CASE_LIMIT_MS)) as Outcome | 'timeout';
      const ms = Date.now() - t0;
      stats.cases++;
      stats.slowest = Math.max(stats.slowest, ms);
      const result: Outcome = outcome === 'timeout' ? { kind: 'hung' } : outcome;
      let fault: string | null = null;
      if (result.kind === 'previewed') stats.previewed++;
      else if (result.kind === 'refused') {
        // The first words say which refusal it was (library details in brackets left out).
        const english = englishDetail(result.message);
        const shown = english ? result.message.replace(`(${english})`, '(…)') : result.message;
        const key = `${result.stage}: ${shown.split(/\s+/).slice(0, 9).join(' ')}`;
        stats.refused.set(key, (stats.refused.get(key) ?? 0) + 1);
        const faults = looksLikeUserMessage(result.message);
        if (faults.length) fault = `${faults.join(', ')}: ${result.message}`;
        if (english) englishInside.set(english, (englishInside.get(english) ?? 0) + 1);
      } else if (result.kind === 'crashed')
        fault = `crashed in ${result.stage}: ${result.error.split('\n')[0]}`;
      else fault = `no answer within ${CASE_LIMIT_MS} ms`;
      if (fault) {
        failures.push(`${c.label}: ${fault}`);
        mkdirSync(failedDir, { recursive: true });
        writeFileSync(join(failedDir, `seed${SEED}-${c.source}-${c.index}${extname(c.source)}`), c.bytes);
      }
    }

    const queue = [...cases];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) await check(c);
      }),
    );

    const lines = [
      `Fuzz impor: seed ${SEED}, ${SOURCES.length * PER_FILE} mutan, ${((Date.now() - started) / 1000).toFixed(0)} s`,
    ];
    for (const [source, s] of summary) {
      lines.push(
        `  ${source}: ${s.cases} mutan, ${s.previewed} terbaca sampai pratinjau, terlama ${s.slowest} ms`,
      );
      for (const [why, n] of [...s.refused].sort((a, b) => b[1] - a[1]))
        lines.push(`      ${n} x ditolak: ${why}`);
    }
    if (englishInside.size) {
      lines.push('  Pesan yang memuat teks pengecualian pustaka (bahasa Inggris) di dalam kurung:');
      for (const [text, n] of englishInside) lines.push(`      ${n} x (${text})`);
    }
    if (failures.length) lines.push('  GAGAL:', ...failures.map((f) => `      ${f}`));
    console.log(lines.join('\n'));
    await core.close();
    expect(failures, 'mutants that crashed, hung or were refused without a clear message').toEqual([]);
  },
  20 * 60_000,
);
