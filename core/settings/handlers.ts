import type { HandlersFor } from '../dispatch/handler.ts';
import { readSettings, updateSettings } from './settings.ts';

export const settingsHandlers: HandlersFor<'settings.get' | 'settings.update'> = {
  'settings.get': (_input, ctx) => readSettings(ctx.db().sql),
  'settings.update': (input, ctx) => ctx.write((changes) => updateSettings(changes, input, ctx.actor.userId)),
};
