import { rows, type DetectContext, type Detected } from './detected.ts';

interface Found {
  source: 'e' | 'i';
  id: string;
  household_id: string;
  person_household: string;
  name: string;
  nik: string | null;
  what: string;
}

/**
 * One person counted in two families: a live enrolment, or a payment of a period still open,
 * made for one family while the person (by the row they name, or for a payment by NIK) is now a
 * member of another. A NIK is unique among registered people, so the second family is where the
 * benefit still points, not a second copy of the person (those are duplicates, queued apart).
 */
export function personTwoHouseholds(ctx: DetectContext): Detected[] {
  const found = rows<Found>(
    ctx.sql,
    `SELECT 'e' AS source, e.id, e.household_id, p.household_id AS person_household, p.name, p.nik,
            'kepesertaan ' || pr.name AS what
       FROM enrolments e
       JOIN people p ON p.id = e.person_id
       JOIN programs pr ON pr.id = e.program_id
       JOIN households h ON h.id = e.household_id
       JOIN households ph ON ph.id = p.household_id
      WHERE e.deleted_at IS NULL AND e.status IN ('usulan', 'aktif', 'ditangguhkan')
        AND p.deleted_at IS NULL AND h.deleted_at IS NULL AND ph.deleted_at IS NULL
        AND p.household_id <> e.household_id
     UNION ALL
     SELECT 'i', i.id, i.household_id, p.household_id, p.name, p.nik,
            'pembayaran ' || pr.name || ' ' || d.label
       FROM disbursement_items i
       JOIN disbursement_periods d ON d.id = i.period_id
       JOIN programs pr ON pr.id = d.program_id
       JOIN people p ON p.id = coalesce(i.person_id,
                                        (SELECT q.id FROM people q WHERE q.nik = i.recipient_nik
                                            AND q.deleted_at IS NULL))
       JOIN households ph ON ph.id = p.household_id
      WHERE d.status = 'dibuka' AND i.status <> 'dikembalikan'
        AND p.deleted_at IS NULL AND ph.deleted_at IS NULL
        AND p.household_id <> i.household_id
      ORDER BY 3, 2`,
  );
  return found.map((f) => ({
    kind: 'person_two_households',
    key: `${f.source}:${f.id}:${f.person_household}`,
    householdIds: [f.household_id, f.person_household],
    // The person is named (with NIK) only to a caller whose area holds their present family.
    reason: (inArea) => {
      const person = `${f.name}${f.nik ? ` (NIK ${f.nik})` : ''}`;
      if (!inArea(f.person_household))
        return `Seseorang yang sekarang anggota keluarga di luar wilayah kerja Anda tercatat untuk ${f.what} di keluarga ini.`;
      if (!inArea(f.household_id))
        return `${person} masih tercatat untuk ${f.what} di keluarga lain di luar wilayah kerja Anda, padahal sekarang anggota keluarga ini.`;
      return `${person} tercatat untuk ${f.what} di keluarga ini, padahal sekarang anggota keluarga lain.`;
    },
  }));
}
