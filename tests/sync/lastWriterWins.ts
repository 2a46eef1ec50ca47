import type { MergePolicy } from '../../server/sync.ts';

/**
 * The negative control's merge: a field both sides changed takes the incoming value, silently.
 * The sync suite must catch the overwrites this causes; it lives here, never in the product.
 */
export const lastWriterWins: MergePolicy = { bothChanged: () => 'take-incoming' };
