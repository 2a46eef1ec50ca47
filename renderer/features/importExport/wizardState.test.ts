import { afterEach, describe, expect, it } from 'vitest';
import { initialWizard, wizardStore } from './wizardState.ts';

const FILE = { handle: 'fh_1', name: 'usulan.csv' };

describe('the import wizard kept for the session', () => {
  afterEach(() => wizardStore.reset());

  it('keeps the wizard while the screen is away, and answers that land meanwhile', () => {
    wizardStore.claim('u1|login1');
    wizardStore.dispatch('u1|login1', { type: 'fileChosen', file: FILE });
    // The screen unmounts and mounts again: the same state, with no listener in between.
    wizardStore.claim('u1|login1');
    expect(wizardStore.get('u1|login1').file).toEqual(FILE);
    wizardStore.dispatch('u1|login1', { type: 'startOver' });
    expect(wizardStore.get('u1|login1').file).toBeNull();
  });

  it("never shows one login's wizard to the next, and drops late answers for an ended login", () => {
    wizardStore.claim('u1|login1');
    wizardStore.dispatch('u1|login1', { type: 'fileChosen', file: FILE });
    wizardStore.claim('u1|login2');
    expect(wizardStore.get('u1|login2')).toBe(initialWizard);
    wizardStore.dispatch('u1|login1', { type: 'fileChosen', file: FILE });
    expect(wizardStore.get('u1|login2').file).toBeNull();
    expect(wizardStore.get('u1|login1')).toBe(initialWizard);
  });

  it('lets one start through at a time: the second click of a double click waits', () => {
    wizardStore.claim('u1|login1');
    expect(wizardStore.beginStart('u1|login1')).toBe(true);
    expect(wizardStore.beginStart('u1|login1')).toBe(false);
    wizardStore.dispatch('u1|login1', { type: 'started', jobId: 'j1', mode: 'commit' });
    wizardStore.endStart();
    // Running: still no second start.
    expect(wizardStore.beginStart('u1|login1')).toBe(false);
  });
});
