import { describe, expect, it } from 'vitest';
import type { InspectView } from '../../../common/api/methods/importExport.ts';
import { initialChoices, openItems } from './MappingStep.tsx';

/** A bank result file whose status sits under KETERANGAN, read as the reason (probe round 3). */
const inspect = {
  mapping: { NIK: 'nik', KETERANGAN: 'reason' },
  fixed: {},
  grouped: [],
  codes: { relationship: null },
  questions: [
    {
      id: 'map:KETERANGAN',
      column: 'KETERANGAN',
      message: 'Kolom "KETERANGAN" tampaknya berisi status penyaluran …',
      choices: [
        { value: 'status', label: 'Ya' },
        { value: 'ignore', label: 'Tidak' },
      ],
    },
  ],
} as unknown as InspectView;

describe('a "read this column as …?" question of another field than the relationship', () => {
  it('is open until the column is read as the field the question offers', () => {
    const choices = initialChoices(inspect);
    expect(openItems('payments', inspect, choices).questions.map((q) => q.id)).toEqual(['map:KETERANGAN']);
    const read = { ...choices, mapping: { ...choices.mapping, KETERANGAN: 'status' } };
    expect(openItems('payments', inspect, read).questions).toEqual([]);
    const relationship = { ...choices, mapping: { ...choices.mapping, KETERANGAN: 'relationship' } };
    expect(openItems('payments', inspect, relationship).questions).toHaveLength(1);
  });
});
