import { describe, expect, it } from 'vitest';
import type { Person } from '../../db/schema.ts';
import { nameKey, phoneticKey } from '../../common/domain/names.ts';
import { digitsApart, MIN_SCORE, scorePair } from './duplicates.ts';

type Placed = Person & { desa_code: string; rt: string | null; rw: string | null };

function person(overrides: Partial<Placed> & { name: string; nik: string }): Placed {
  return {
    id: overrides.nik,
    row_no: 1,
    household_id: 'h1',
    name_key: nameKey(overrides.name),
    phonetic_key: phoneticKey(overrides.name),
    sex: 'L',
    birth_place: null,
    birth_date: '1980-05-12',
    relationship: 'kepala_keluarga',
    mother_name: null,
    marital_status: null,
    education: null,
    occupation: null,
    disability: null,
    chronic_illness: null,
    status: 'hidup',
    status_reason: null,
    status_date: null,
    id_warnings_json: '[]',
    merged_into: null,
    deleted_at: null,
    deleted_reason: null,
    dtks_id: null,
    bdt_id: null,
    kks_number: null,
    version: 1,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    desa_code: '35.79.01.2006',
    rt: '002',
    rw: '005',
    ...overrides,
  } as Placed;
}

/**
 * Issue 15: the classic NIK-typo duplicate (same name, birth date and RT, NIK one or two digits
 * apart) scored 55 and never reached the review queue. Twins and namesakes must not flood it.
 */
describe('duplicate scoring', () => {
  it('counts the digits two NIKs differ in', () => {
    expect(digitsApart('3579011205800001', '3579011205800001')).toBe(0);
    expect(digitsApart('3579011205800001', '3579011205800007')).toBe(1);
    expect(digitsApart('3579011205800001', '3579011250800001')).toBe(2); // two digits swapped
    expect(digitsApart('3579011205800001', '357901120580001')).toBe(Infinity);
  });

  const cases: [string, Placed, Placed, boolean][] = [
    [
      'same name, birth date and RT, NIK one digit apart (two families)',
      person({ name: 'Budi Santoso', nik: '3579011205800001' }),
      person({ name: 'Budi Santoso', nik: '3579011205800007', household_id: 'h2' }),
      true,
    ],
    [
      'same name and birth date, two NIK digits swapped, another RT of the desa',
      person({ name: 'Siti Aminah', nik: '3579015205850002', sex: 'P' }),
      person({ name: 'Siti Aminah', nik: '3579015250850002', sex: 'P', household_id: 'h2', rt: '004' }),
      true,
    ],
    [
      'old and new spelling of the name, NIK one digit apart',
      person({ name: 'Soekarno Hadi', nik: '3579011205800001' }),
      person({ name: 'Sukarno Hadi', nik: '3579011205800011', household_id: 'h2' }),
      true,
    ],
    [
      'twins in one family: same birth date, NIK one digit apart, different names',
      person({
        name: 'Hasan Basri',
        nik: '3579011205150001',
        birth_date: '2015-05-12',
        relationship: 'anak',
      }),
      person({
        name: 'Husein Basri',
        nik: '3579011205150002',
        birth_date: '2015-05-12',
        relationship: 'anak',
      }),
      false,
    ],
    [
      'same name and birth date, NIKs far apart (two people)',
      person({ name: 'Budi Santoso', nik: '3579011205800001' }),
      person({
        name: 'Budi Santoso',
        nik: '3579031205807342',
        household_id: 'h2',
        desa_code: '35.79.03.2001',
      }),
      false,
    ],
  ];
  for (const [label, a, b, queued] of cases)
    it(`${queued ? 'queues' : 'does not queue'}: ${label}`, () => {
      const { score, reasons } = scorePair({ a, b });
      expect(score >= MIN_SCORE, `${score}: ${reasons.join('; ')}`).toBe(queued);
      if (queued) expect(reasons.join(' ')).toMatch(/NIK hanya berbeda [12] angka/);
    });
});
