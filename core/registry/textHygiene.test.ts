import { describe, expect, it } from 'vitest';
import type { Input } from '../../common/api/contract.ts';
import { setUpCore, userWithRole } from '../../tests/support/core.ts';

/**
 * Issue 12: names and addresses typed into the API. Decision (common/domain/text.ts): control
 * characters (NUL, C0, DEL, C1), bidi overrides/isolates and lone surrogates are REFUSED with an
 * Indonesian message; zero-width characters (U+200B-U+200D, U+FEFF) are STRIPPED.
 */
function family(
  name: string,
  address = 'Jl. Kartika 12',
  motherName = 'Sumarni',
): Input<'households.create'> {
  return {
    household: { kkNumber: '3579012003150004', desaCode: '35.79.01.2006', rt: '2', rw: '5', address },
    members: [
      {
        nik: '3579011205800001',
        name,
        sex: 'L',
        birthDate: '1980-05-12',
        relationship: 'kepala_keluarga',
        motherName,
        birthPlace: 'Batu',
      },
    ],
  };
}

const REFUSED: [string, string][] = [
  ['NUL', 'Budi\u0000Santoso'],
  ['C0 control', 'Budi\u0007Santoso'],
  ['escape', 'Budi\u001b[31mSantoso'],
  ['DEL', 'Budi\u007fSantoso'],
  ['C1 control', 'Budi\u0085Santoso'],
  ['bidi override RLO', 'Budi \u202Eotnas'],
  ['bidi embedding LRE', 'Budi \u202ASantoso'],
  ['bidi isolate FSI', 'Budi \u2068Santoso'],
  ['bidi isolate PDI', 'Budi Santoso\u2069'],
  ['lone high surrogate', 'Budi \uD83DSantoso'],
  ['lone low surrogate', 'Budi \uDC00Santoso'],
];

describe('API text hygiene (issue 12)', () => {
  it('refuses control, bidi and lone-surrogate characters in names, mother names and addresses', async () => {
    const { core, admin } = await setUpCore();
    const officer = await userWithRole(core, admin, 'officer');
    for (const [label, bad] of REFUSED) {
      for (const [where, input] of [
        ['name', family(bad)],
        ['address', family('Budi Santoso', bad)],
        ['motherName', family('Budi Santoso', 'Jl. Kartika 12', bad)],
      ] as const) {
        const result = await officer.call('households.create', input);
        expect(result.ok, `${label} in ${where}`).toBe(false);
        if (result.ok) continue;
        expect(result.error.code).toBe('VALIDATION');
        expect(result.error.message, `${label} in ${where}`).toMatch(
          /^Isian belum benar: Teks berisi karakter/,
        );
        expect(result.error.message).not.toMatch(/\uFFFD/);
      }
    }
    expect(core.db.sql.raw.prepare('select count(*) from people').pluck().get()).toBe(0);
    await core.close();
  });

  it('strips zero-width characters and keeps the visible text', async () => {
    const { core, admin } = await setUpCore();
    const officer = await userWithRole(core, admin, 'officer');
    const { value } = await officer.ok(
      'households.create',
      family('\uFEFFBudi\u200B San\u200Ctoso\u200D', 'Jl.\u200B Kartika 12\uFEFF'),
    );
    const page = await officer.ok('households.get', { id: value.id });
    expect(page.members[0]!.name).toBe('Budi Santoso');
    expect(page.household.address).toBe('Jl. Kartika 12');
    // And on edit, too.
    const person = page.members[0]!;
    const updated = await officer.call('people.update', {
      id: person.id,
      expectedVersion: person.version,
      person: {
        nik: person.nik,
        name: 'Budi \u202ESantoso',
        sex: 'L',
        birthDate: '1980-05-12',
        relationship: 'kepala_keluarga',
      },
    });
    expect(updated.ok).toBe(false);
    await core.close();
  });

  it('casework, complaints and settings text is cleaned the same way', async () => {
    const { core, admin } = await setUpCore();
    const officer = await userWithRole(core, admin, 'officer');
    const { value } = await officer.ok('households.create', family('Budi Santoso'));
    for (const [label, bad] of REFUSED) {
      const complaint = await officer.call('complaints.create', {
        kind: 'keluhan',
        channel: 'datang_langsung',
        reporterName: bad,
        householdId: value.id,
        subject: 'Bantuan belum diterima',
      });
      expect(complaint, `${label} in reporterName`).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
      const caseResult = await officer.call('cases.create', {
        householdId: value.id,
        type: 'atensi',
        title: `Rujukan ${bad}`,
      } as never);
      expect(caseResult, `${label} in a case title`).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
      const settings = await admin.call('settings.update', { officeName: `Dinsos ${bad}` });
      expect(settings, `${label} in officeName`).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    const stripped = await officer.ok('complaints.create', {
      kind: 'keluhan',
      channel: 'datang_langsung',
      reporterName: 'Siti\u200B Aminah',
      householdId: value.id,
      subject: 'Bantuan\uFEFF belum diterima',
      description: 'Baris satu\nbaris dua',
    });
    expect(stripped).toMatchObject({ reporterName: 'Siti Aminah', subject: 'Bantuan belum diterima' });
    expect(core.db.sql.raw.prepare('select count(*) from cases').pluck().get()).toBe(0);
    await core.close();
  });
});
