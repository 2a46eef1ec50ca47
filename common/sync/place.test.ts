import { describe, expect, it } from 'vitest';
import {
  CITY_ONLY,
  EVERYONE,
  hasPlaceRule,
  intersectAreas,
  NOWHERE,
  placeSource,
  visibleIn,
} from './place.ts';
import { SYNCED_TABLE_NAMES } from './tables.ts';

const ORO = '35.79.01.2006';
const PUNTEN = '35.79.02.2001';
const desaOnly = (...desa: string[]) => ({ kecamatan: [], desa });
const kecamatan = (...k: string[]) => ({ kecamatan: k, desa: [] });
const city = { kecamatan: [], desa: [] };

describe('where a synced row goes', () => {
  it('every synced table says where its rows go (a new table cannot leak by default)', () => {
    expect(SYNCED_TABLE_NAMES.filter((t) => !hasPlaceRule(t))).toEqual([]);
  });

  it.each([
    ['households', { desa_code: ORO }, { place: ORO }],
    ['households', { desa_code: null }, { place: CITY_ONLY }],
    ['complaints', { desa_code: null, reporter_name: 'Anonim' }, { place: CITY_ONLY }],
    ['people', { household_id: 'h1' }, { parent: { table: 'households', id: 'h1' } }],
    ['people', { household_id: null }, { place: CITY_ONLY }],
    ['referrals', { case_id: 'c1' }, { parent: { table: 'cases', id: 'c1' } }],
    ['attachments', { owner_entity: 'cases', owner_id: 'c1' }, { parent: { table: 'cases', id: 'c1' } }],
    ['attachments', { owner_entity: 'people', owner_id: 'p1' }, { place: CITY_ONLY }],
    ['disbursement_corrections', { item_id: 'i1' }, { parent: { table: 'disbursement_items', id: 'i1' } }],
    ['programs', { code: 'PKH' }, { place: EVERYONE }],
    ['report_settings', { id: 'office' }, { place: EVERYONE }],
    ['report_snapshots', { params_json: '{"report":"bulanan"}' }, { place: EVERYONE }],
    ['report_snapshots', { params_json: `{"report":"bnba","desaCode":"${ORO}"}` }, { place: ORO }],
    ['report_snapshots', { params_json: '{"report":"bnba"}' }, { place: CITY_ONLY }],
    ['report_snapshots', { params_json: 'not json' }, { place: CITY_ONLY }],
    ['duplicate_candidates', { person_a: 'p1', person_b: 'p2' }, { place: CITY_ONLY }],
    ['operations', { undo_json: '{}' }, { place: CITY_ONLY }],
    ['no_such_table', { desa_code: ORO }, { place: CITY_ONLY }],
  ])('%s %j -> %j', (table, row, expected) => {
    expect(placeSource(table, row)).toEqual(expected);
  });

  it('a workstation receives its desa, its kecamatan, and what goes to everyone', () => {
    expect(visibleIn(ORO, desaOnly(ORO))).toBe(true);
    expect(visibleIn(PUNTEN, desaOnly(ORO))).toBe(false);
    expect(visibleIn(ORO, kecamatan('35.79.01'))).toBe(true);
    expect(visibleIn(PUNTEN, kecamatan('35.79.01'))).toBe(false);
    expect(visibleIn(EVERYONE, desaOnly(ORO))).toBe(true);
    expect(visibleIn(CITY_ONLY, desaOnly(ORO))).toBe(false);
    expect(visibleIn(null, desaOnly(ORO))).toBe(false);
    for (const place of [ORO, PUNTEN, CITY_ONLY, EVERYONE, null]) expect(visibleIn(place, city)).toBe(true);
  });

  it('an account on a workstation reaches only what both reach', () => {
    expect(intersectAreas(city, desaOnly(ORO))).toEqual(desaOnly(ORO));
    expect(intersectAreas(desaOnly(ORO), city)).toEqual(desaOnly(ORO));
    expect(intersectAreas(kecamatan('35.79.01'), desaOnly(ORO))).toEqual(desaOnly(ORO));
    expect(intersectAreas(desaOnly(ORO), kecamatan('35.79.01'))).toEqual(desaOnly(ORO));
    expect(intersectAreas(kecamatan('35.79.01', '35.79.02'), kecamatan('35.79.02'))).toEqual(
      kecamatan('35.79.02'),
    );
    // Nothing in common is nowhere, never the whole city (which empty lists would mean).
    const none = intersectAreas(desaOnly(ORO), desaOnly(PUNTEN));
    expect(none).toEqual(desaOnly(NOWHERE));
    expect(visibleIn(ORO, none)).toBe(false);
    expect(visibleIn(PUNTEN, none)).toBe(false);
  });
});
