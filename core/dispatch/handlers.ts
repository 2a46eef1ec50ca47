import { auditHandlers } from '../audit/handlers.ts';
import { authHandlers } from '../auth/handlers.ts';
import { keyHandlers } from '../auth/keyHandlers.ts';
import { jobHandlers } from '../jobs/handlers.ts';
import { regionHandlers } from '../regions/handlers.ts';
import { settingsHandlers } from '../settings/handlers.ts';
import { userHandlers } from '../users/handlers.ts';
import type { Handlers } from './handler.ts';
import { registryHandlers } from '../registry/handlers.ts';
import { programHandlers } from '../programs/handlers.ts';
import { verificationHandlers } from '../verification/handlers.ts';
import { disbursementHandlers } from '../disbursement/handlers.ts';
import { caseHandlers } from '../cases/handlers.ts';
import { workHandlers } from '../work/handlers.ts';
import { syncHandlers } from '../sync/handlers.ts';
import { reportHandlers } from '../reports/handlers.ts';
import { importExportHandlers } from '../importer/handlers.ts';
import { retentionHandlers } from '../retention/handlers.ts';
import { signalHandlers } from '../signals/handlers.ts';
import { releaseHandlers } from '../release/handlers.ts';

/** Every method of the contract, by feature. */
export const handlers: Handlers = {
  ...authHandlers,
  ...userHandlers,
  ...settingsHandlers,
  ...regionHandlers,
  ...auditHandlers,
  ...keyHandlers,
  ...jobHandlers,
  ...registryHandlers,
  ...programHandlers,
  ...verificationHandlers,
  ...disbursementHandlers,
  ...caseHandlers,
  ...workHandlers,
  ...syncHandlers,
  ...reportHandlers,
  ...importExportHandlers,
  ...retentionHandlers,
  ...signalHandlers,
  ...releaseHandlers,
};
