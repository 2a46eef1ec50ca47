import { auditHandlers } from '../audit/handlers.ts';
import { authHandlers } from '../auth/handlers.ts';
import { keyHandlers } from '../auth/keyHandlers.ts';
import { jobHandlers } from '../jobs/handlers.ts';
import { regionHandlers } from '../regions/handlers.ts';
import { settingsHandlers } from '../settings/handlers.ts';
import { userHandlers } from '../users/handlers.ts';
import type { Handlers } from './handler.ts';

/** Every method of the contract, by feature. */
export const handlers: Handlers = {
  ...authHandlers,
  ...userHandlers,
  ...settingsHandlers,
  ...regionHandlers,
  ...auditHandlers,
  ...keyHandlers,
  ...jobHandlers,
};
