/**
 * Limits against runaway and hostile files (zip bombs, endless rows). Defaults chosen for
 * real recipient lists (a whole city is well under 200,000 rows); an admin may change them in
 * settings. Each breach has its own Indonesian message saying what to do.
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
