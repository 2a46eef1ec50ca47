import { describe, expect, it } from 'vitest';
import { MONTHS_ID } from '../../../common/format.ts';
import { autoPeriodLabel } from './strings.ts';

describe('the open-period dialog names a period as the core will', () => {
  it('says each year where it belongs when a period crosses a new year', () => {
    expect(autoPeriodLabel(MONTHS_ID, 2026, 11, 3)).toBe('November 2026–Januari 2027');
    expect(autoPeriodLabel(MONTHS_ID, 2026, 10, 2)).toBe('Oktober–November 2026');
    expect(autoPeriodLabel(MONTHS_ID, 2026, 12, 1)).toBe('Desember 2026');
  });
});
