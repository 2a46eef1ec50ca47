import { CompiledQuery } from 'kysely';
import type { SignalKind } from '../../common/api/methods/signals.ts';
import type { Sql } from '../../db/sql.ts';

/** One case a detector found, before it is joined to its families and its check. */
export interface Detected {
  kind: SignalKind;
  /** Names the facts looked at: when they change, the case is open again. */
  key: string;
  /** The families concerned; the first is the one a row opens. */
  householdIds: string[];
  /**
   * In Indonesian. A case about several families is worded per caller (`inArea` says whether the
   * caller's area holds a family): it names only people of families in the caller's area, so a
   * number or a person cannot be looked up across areas through the reason (probe C06).
   */
  reason: string | ((inArea: (householdId: string) => boolean) => string);
}

/** What a detector may show: specific data (account and phone numbers) only with the right. */
export interface DetectContext {
  sql: Sql;
  readSpecific: boolean;
}

/** Written-out SQL: these queries group, join and use json_each beyond what reads clearly in Kysely. */
export const rows = <R>(sql: Sql, text: string, parameters: unknown[] = []): R[] =>
  sql.all(CompiledQuery.raw(text, parameters) as CompiledQuery<R>);
