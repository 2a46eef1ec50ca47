import type { z } from 'zod';
import type { MethodSpec } from './define.ts';
import type { Result } from '../result.ts';
import { authMethods, type LockReason } from './methods/auth.ts';
import { adminMethods } from './methods/admin.ts';
import { jobMethods, type JobView } from './methods/jobs.ts';
import { registryMethods } from './methods/registry.ts';
import { programMethods } from './methods/programs.ts';
import { caseworkMethods } from './methods/casework.ts';
import { syncMethods } from './methods/sync.ts';
import { reportMethods } from './methods/reports.ts';
import { importExportMethods } from './methods/importExport.ts';
import { signalMethods } from './methods/signals.ts';
import { releaseMethods } from './methods/release.ts';

/** The one route table: every host transports exactly these methods to `dispatch`. */
export const api = {
  ...authMethods,
  ...adminMethods,
  ...jobMethods,
  ...registryMethods,
  ...programMethods,
  ...caseworkMethods,
  ...syncMethods,
  ...reportMethods,
  ...importExportMethods,
  ...signalMethods,
  ...releaseMethods,
} satisfies Record<string, MethodSpec>;

export type Api = typeof api;
export type MethodName = keyof Api;
export type Input<M extends MethodName> = z.input<Api[M]['input']>;
/** What the handler receives: the input after zod defaults and transforms. */
export type ParsedInput<M extends MethodName> = z.output<Api[M]['input']>;
export type Output<M extends MethodName> = z.output<Api[M]['output']>;

export const methodNames = Object.keys(api) as MethodName[];
export const isMethodName = (name: string): name is MethodName => Object.hasOwn(api, name);

/** Events the core pushes to the renderer of the session they concern. */
export interface AppEvents {
  'job.progress': JobView;
  'session.locked': { reason: LockReason };
  /** The desktop menu's "Kunci layar". */
  'session.lockRequested': Record<string, never>;
}
export type EventName = keyof AppEvents;

/**
 * What the renderer sees of its host: Electron's preload and the web host's browser twin both
 * implement exactly this, nothing more.
 */
export interface AppBridge {
  invoke<M extends MethodName>(method: M, input: Input<M>): Promise<Result<Output<M>>>;
  on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void;
}
