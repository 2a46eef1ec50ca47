import type { PaymentView } from '../../../common/api/methods/casework.ts';
import type { PaymentStatus } from './usePeriodItems.ts';

/**
 * What the period page shows after the officer acts: the one open dialog, the last bulk change
 * (with its undo), a message, an error. One reducer, so a finished action clears what it should.
 */
export type PeriodDialog =
  { kind: 'bulk'; status: PaymentStatus } | { kind: 'close' } | { kind: 'correct'; item: PaymentView };

export type LastChange =
  | { kind: 'changed'; operationId: string; changed: number; status: PaymentStatus }
  | { kind: 'undone'; restored: number };

export interface PeriodActions {
  dialog: PeriodDialog | null;
  last: LastChange | null;
  message: string | null;
  error: string | null;
  undoing: boolean;
}

export type PeriodAction =
  | { type: 'open'; dialog: PeriodDialog }
  | { type: 'cancel' }
  | { type: 'changed'; status: PaymentStatus; operationId: string; changed: number }
  | { type: 'undoing' }
  | { type: 'undone'; restored: number }
  | { type: 'failed'; error: string }
  | { type: 'done'; message: string; forgetLast: boolean };

export const NO_ACTIONS: PeriodActions = {
  dialog: null,
  last: null,
  message: null,
  error: null,
  undoing: false,
};

export function reducePeriodActions(state: PeriodActions, action: PeriodAction): PeriodActions {
  switch (action.type) {
    case 'open':
      return { ...state, dialog: action.dialog };
    case 'cancel':
      return { ...state, dialog: null };
    case 'changed':
      return {
        ...state,
        dialog: null,
        message: null,
        error: null,
        last: {
          kind: 'changed',
          operationId: action.operationId,
          changed: action.changed,
          status: action.status,
        },
      };
    case 'undoing':
      return { ...state, undoing: true };
    case 'undone':
      return { ...state, undoing: false, error: null, last: { kind: 'undone', restored: action.restored } };
    case 'failed':
      return { ...state, undoing: false, error: action.error };
    case 'done':
      return { ...state, dialog: null, message: action.message, last: action.forgetLast ? null : state.last };
  }
}
