/**
 * Audit actions whose one entry stands for a whole batch of rows (issue 14): its changes carry
 * `rows_sha256`, `row_count` and `sync_sha256`, and its entity id (an import_batches row) names
 * the batch's record in import_batch_rows and its chunks in the outbox. An import commits as
 * one; undoing it writes another.
 */
export const IMPORT_COMMIT = 'import.commit';
export const IMPORT_UNDO_BATCH = 'import.undo.batch';
export const BATCH_ACTIONS: readonly string[] = [IMPORT_COMMIT, IMPORT_UNDO_BATCH];

export const isBatchAction = (action: string): boolean => BATCH_ACTIONS.includes(action);
