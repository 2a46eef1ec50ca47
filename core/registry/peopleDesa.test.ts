import { describe, expect, it } from 'vitest';
import type { Input } from '../../common/api/contract.ts';
import type { PulledRow } from '../../common/sync/protocol.ts';
import { setUpCore, userWithRole } from '../../tests/support/core.ts';
import { applyPage } from '../sync/apply.ts';

const ORO_ORO_OMBO = '35.79.01.2006';
const PUNTEN = '35.79.02.2001';
const TEMAS = '35.79.01.1001';

/** A family of one, so each test names exactly whom it moves. */
function family(n: number, name: string, desa: string): Input<'households.create'> {
  return {
    household: { kkNumber: `357901200315${String(n).padStart(4, '0')}`, desaCode: desa, rt: '1', rw: '1' },
    members: [
      {
        nik: `357901570883${String(n).padStart(4, '0')}`,
        name,
        sex: 'P',
        birthDate: '1983-08-17',
        relationship: 'kepala_keluarga',
      },
    ],
  };
}

async function officerCore() {
  const setup = await setUpCore();
  const officer = await userWithRole(setup.core, setup.admin, 'officer');
  const desaOf = (personId: string) =>
    setup.core.db.sql.raw.prepare('SELECT household_desa FROM people WHERE id = ?').pluck().get(personId);
  /** NIKs a name search finds in one desa. */
  const found = async (query: string, desaCode: string) =>
    (await officer.ok('registry.findPeople', { query, desaCode, limit: 50 })).map((p) => p.nik);
  return { ...setup, officer, desaOf, found };
}

describe('a person’s desa on the people table (household_desa, for search)', () => {
  it('follows a move, a split and a family’s new desa; search finds them there only', async () => {
    const { core, officer, desaOf, found } = await officerCore();
    const a = await officer.ok('households.create', family(1, 'Kasiyem Rahayu', ORO_ORO_OMBO));
    const b = await officer.ok('households.create', family(2, 'Rukmini Wibowo', PUNTEN));
    const [kasiyem] = (await officer.ok('households.get', { id: a.value.id })).members;
    expect(desaOf(kasiyem!.id)).toBe(ORO_ORO_OMBO);
    expect(await found('Kasiyem', ORO_ORO_OMBO)).toEqual(['3579015708830001']);

    await officer.ok('people.move', {
      id: kasiyem!.id,
      toHouseholdId: b.value.id,
      relationship: 'famili_lain',
      reason: 'Ikut saudara',
    });
    expect(desaOf(kasiyem!.id)).toBe(PUNTEN);
    for (const query of ['Kasiyem', 'asiye', 'Kasiyem Rahayu', 'rahayu'])
      expect([await found(query, PUNTEN), await found(query, ORO_ORO_OMBO)], query).toEqual([
        ['3579015708830001'],
        [],
      ]);

    const page = await officer.ok('households.get', { id: b.value.id });
    await officer.ok('households.update', {
      id: b.value.id,
      expectedVersion: page.household.version,
      household: { ...family(2, '', TEMAS).household },
    });
    expect(page.members.map((m) => desaOf(m.id))).toEqual([TEMAS, TEMAS]);
    expect(await found('Kasiyem', TEMAS)).toEqual(['3579015708830001']);
    expect(await found('Kasiyem', PUNTEN)).toEqual([]);

    const split = await officer.ok('households.split', {
      fromId: b.value.id,
      memberIds: [kasiyem!.id],
      headId: kasiyem!.id,
      household: { kkNumber: '3579010110260007', desaCode: ORO_ORO_OMBO, address: 'Dusun Krajan' },
      reason: 'KK baru',
    });
    expect(desaOf(kasiyem!.id)).toBe(ORO_ORO_OMBO);
    expect((await officer.ok('households.get', { id: split.value.id })).members).toHaveLength(1);
    expect(await found('Kasiyem', ORO_ORO_OMBO)).toEqual(['3579015708830001']);
    expect(await found('Kasiyem', TEMAS)).toEqual([]);

    // The device's own copy: never part of a change sent to the server or kept in the trail.
    const sent = core.db.sql.raw.prepare('SELECT changes_json FROM sync_outbox').pluck().all() as string[];
    const trail = core.db.sql.raw.prepare('SELECT changes_json FROM audit_log').pluck().all() as string[];
    expect(sent.length).toBeGreaterThan(0);
    expect([...sent, ...trail].filter((c) => c.includes('household_desa'))).toEqual([]);
    await core.close();
  });

  it('is filled for pulled rows, whichever of person and family arrives first', async () => {
    const { core, officer, desaOf, found } = await officerCore();
    const sql = core.db.sql;
    const a = await officer.ok('households.create', family(3, 'Sumiati Kusuma', ORO_ORO_OMBO));
    const b = await officer.ok('households.create', family(4, 'Endang Utomo', PUNTEN));
    const rowOf = (table: string, id: string) => {
      const {
        version,
        row_no: _,
        household_desa: __,
        ...data
      } = sql.raw.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown>;
      return { entity: table, id, version: Number(version), deleted: false, data };
    };
    const [sumiati] = (await officer.ok('households.get', { id: a.value.id })).members;
    const person = rowOf('people', sumiati!.id);
    const household = rowOf('households', a.value.id);
    // What the server already has: the outbox is sent, so pulled pages may apply.
    sql.raw.prepare('UPDATE sync_outbox SET acked_at = ?').run('2026-12-01T00:00:00Z');
    // As on a device that never had them (their history rows stay: the keys only wait).
    sql.raw.pragma('foreign_keys = OFF');
    sql.raw.prepare('DELETE FROM people WHERE id = ?').run(sumiati!.id);
    sql.raw.prepare('DELETE FROM households WHERE id = ?').run(a.value.id);
    sql.raw.pragma('foreign_keys = ON');
    let seq = 1;
    const pull = (rows: Omit<PulledRow, 'seq'>[]) =>
      expect(
        applyPage(
          sql,
          rows.map((r) => ({ ...r, seq: seq++ })),
          seq,
          '2026-12-01T00:00:00Z',
        ).done,
      ).toBe(true);

    // The person before the family (foreign keys wait for the page): the family fills it in.
    pull([
      { ...person, version: person.version + 1 },
      { ...household, version: household.version + 1 },
    ]);
    expect(desaOf(sumiati!.id)).toBe(ORO_ORO_OMBO);
    expect(await found('Sumiati', ORO_ORO_OMBO)).toEqual(['3579015708830003']);

    // Another device moved the family to Temas, then the person into family b (Punten).
    pull([{ ...household, version: household.version + 2, data: { ...household.data, desa_code: TEMAS } }]);
    expect(desaOf(sumiati!.id)).toBe(TEMAS);
    pull([{ ...person, version: person.version + 2, data: { ...person.data, household_id: b.value.id } }]);
    expect(desaOf(sumiati!.id)).toBe(PUNTEN);
    expect(await found('Sumiati', PUNTEN)).toEqual(['3579015708830003']);
    expect(await found('Sumiati', TEMAS)).toEqual([]);
    await core.close();
  });
});
