import type { MethodName, Output, ParsedInput } from '../../common/api/contract.ts';
import type { Session } from '../auth/sessions.ts';
import type { Actor, Changes } from '../db/changes.ts';
import type { Database } from '../db/database.ts';
import type { BansosCore } from '../app.ts';

/** What every handler receives besides its validated input. */
export interface HandlerContext {
  core: BansosCore;
  /** Null only for public methods called without a session. */
  session: Session | null;
  actor: Actor;
  now(): Date;
  /** The open database; a method that needs it before login is a bug. */
  db(): Database;
  /**
   * The use case's one transaction: the change and its audit entries commit together. Public
   * methods (login, setup) name the actor, since there is no session yet.
   */
  write<T>(fn: (changes: Changes) => T, actor?: Actor): T;
  /** Starts (or, with null, ends) the caller's session; the host keeps the token, not the renderer. */
  setSession(session: Session | null): void;
  /** The caller's session, for methods that require one. */
  requireSession(): Session;
}

export type Handler<M extends MethodName> = (
  input: ParsedInput<M>,
  ctx: HandlerContext,
) => Output<M> | Promise<Output<M>>;

/** A missing handler does not compile. */
export type Handlers = { [M in MethodName]: Handler<M> };

export type HandlersFor<K extends MethodName> = { [M in K]: Handler<M> };
