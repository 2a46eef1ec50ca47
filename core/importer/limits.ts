import type { ImportLimitsView, SettingsView } from '../../common/api/methods/admin.ts';

/**
 * Limits against runaway and hostile files (zip bombs, endless rows). Defaults chosen for
 * real recipient lists (a whole city is well under 200,000 rows); an admin may change them in
 * Pengaturan (importLimitsOf). Each breach has its own Indonesian message saying what to do.
 */
export interface ImportLimits {
  /** Size of the file on disk. */
  maxFileBytes: number;
  /** Sum of the uncompressed sizes of an .xlsx's parts. */
  maxUncompressedBytes: number;
  /** Uncompressed / compressed; real workbooks are 5-20, bombs thousands. */
  maxCompressionRatio: number;
  maxRows: number;
  maxColumns: number;
  /** A parse that reports nothing for this long is stopped (the reader hung). */
  watchdogMs: number;
  /** Heap of the parsing worker; a bomb kills only the worker. */
  workerHeapMb: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: 100 * 1024 * 1024,
  maxUncompressedBytes: 400 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxRows: 300_000,
  maxColumns: 200,
  watchdogMs: 20_000,
  workerHeapMb: 512,
};

const MB = 1024 * 1024;

/** The limits an admin sees in Pengaturan (megabytes, counts). */
export const DEFAULT_IMPORT_LIMITS_VIEW: ImportLimitsView = {
  maxFileMb: DEFAULT_IMPORT_LIMITS.maxFileBytes / MB,
  maxUncompressedMb: DEFAULT_IMPORT_LIMITS.maxUncompressedBytes / MB,
  maxCompressionRatio: DEFAULT_IMPORT_LIMITS.maxCompressionRatio,
  maxRows: DEFAULT_IMPORT_LIMITS.maxRows,
  maxColumns: DEFAULT_IMPORT_LIMITS.maxColumns,
};

/** The office's limits from its settings; the watchdog and the parser's heap stay fixed. */
export function importLimitsOf(settings: SettingsView): ImportLimits {
  const view = { ...DEFAULT_IMPORT_LIMITS_VIEW, ...settings.importLimits };
  return {
    ...DEFAULT_IMPORT_LIMITS,
    maxFileBytes: view.maxFileMb * MB,
    maxUncompressedBytes: view.maxUncompressedMb * MB,
    maxCompressionRatio: view.maxCompressionRatio,
    maxRows: view.maxRows,
    maxColumns: view.maxColumns,
  };
}
