import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import { WHOLE_CITY, type AreaScope } from '../common/auth/roles.ts';
import { CITY_ONLY, EVERYONE, placeSource, wholeCity } from '../common/sync/place.ts';
import type { ServerDb, ServerSchema } from './store.ts';

type Row = Record<string, unknown>;

/** A row's place and the parent it follows, as the server stores them. */
export interface Placed {
  place: string;
  parent: string | null;
}

/** Rows a parent may hang on, by "table:id": parents nest at most this deep (an attachment of a case). */
const MAX_DEPTH = 4;

/**
 * Where a row goes: its own desa, or its parent's, found with `lookup` (the push's entities, then
 * the store). A missing parent (a row that arrived before its family) keeps the row with the city
 * until the family arrives and its publish re-places its rows.
 */
export async function resolvePlace(
  table: string,
  data: Row | null,
  lookup: (table: string, id: string) => Promise<Row | null | undefined>,
): Promise<Placed> {
  let source = placeSource(table, data);
  let parent: string | null = null;
  for (let depth = 0; 'parent' in source; depth++) {
    const { table: parentTable, id } = source.parent;
    parent ??= `${parentTable}:${id}`;
    const parentRow = depth < MAX_DEPTH ? await lookup(parentTable, id) : null;
    if (!parentRow) return { place: CITY_ONLY, parent };
    source = placeSource(parentTable, parentRow);
  }
  return { place: source.place, parent };
}

export const areaOf = (json: string | null | undefined): AreaScope =>
  json ? (JSON.parse(json) as AreaScope) : WHOLE_CITY;

/**
 * SQL: a `place` column a workstation of `area` receives (see visibleIn). A kecamatan's desas are
 * the places from "35.79.01." up to "35.79.01/" ('/' follows '.'): a range the `entities (place,
 * seq)` index can serve, which `LIKE '35.79.01.%'` is not outside a C locale. The planners still
 * walk the seq index for a page when a kecamatan is a third of the rows after the cursor, which
 * is cheaper (tests/bench/serverLoad/kecamatanPull.ts). The range holds because places compare
 * byte by byte: SQLite's default, and the place columns' `COLLATE "C"` on PostgreSQL (store.ts).
 */
export function placeVisible<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: string,
  area: AreaScope,
): Expression<SqlBool> {
  const ref = eb.ref(column as never);
  const any: Expression<SqlBool>[] = [eb(ref, '=', EVERYONE as never)];
  if (area.desa.length) any.push(eb(ref, 'in', area.desa as never));
  for (const k of area.kecamatan)
    any.push(eb.and([eb(ref, '>=', `${k}.` as never), eb(ref, '<', `${k}/` as never)]));
  return eb.or(any);
}

/**
 * Stores published before places: every row gets its place once, parents first so their rows
 * can follow them. Rows are read in pages; the parents a page names are looked up as needed.
 */
export async function placeUnplacedRows(db: ServerDb): Promise<number> {
  const cache = new Map<string, Row | null>();
  const lookup = async (table: string, id: string) => {
    const k = `${table}:${id}`;
    if (!cache.has(k)) {
      const row = await db
        .selectFrom('entities')
        .select('data_json')
        .where('entity', '=', table)
        .where('id', '=', id)
        .executeTakeFirst();
      cache.set(k, row?.data_json ? (JSON.parse(row.data_json) as Row) : null);
    }
    return cache.get(k);
  };
  let placed = 0;
  for (;;) {
    const page = await db
      .selectFrom('entities')
      .select(['entity', 'id', 'data_json'])
      .where('place', 'is', null)
      .limit(2000)
      .execute();
    if (!page.length) return placed;
    for (const r of page) {
      const data = r.data_json ? (JSON.parse(r.data_json) as Row) : null;
      const { place, parent } = await resolvePlace(r.entity, data, lookup);
      await db
        .updateTable('entities')
        .set({ place, parent })
        .where('entity', '=', r.entity)
        .where('id', '=', r.id)
        .execute();
      placed++;
    }
    if (cache.size > 100_000) cache.clear();
  }
}

export type DeviceArea = Pick<ServerSchema['devices'], 'area_json'>;

/** Whether the workstation receives only part of the city. */
export const limitedDevice = (device: DeviceArea): boolean => !wholeCity(areaOf(device.area_json));

/**
 * The conflicts a workstation may see: those it raised itself, and those about rows its area
 * receives. A conflict carries the row's values, so one about another desa's family stays away.
 */
export async function conflictsVisibleTo(
  db: ServerDb,
  device: Pick<ServerSchema['devices'], 'id' | 'area_json'>,
  conflicts: ServerSchema['conflicts'][],
): Promise<ServerSchema['conflicts'][]> {
  const area = areaOf(device.area_json);
  if (wholeCity(area)) return conflicts;
  const visible = new Set<string>();
  const others = conflicts.filter((c) => c.device_id !== device.id);
  for (let i = 0; i < others.length; i += 200) {
    const chunk = others.slice(i, i + 200);
    const rows = await db
      .selectFrom('entities')
      .select(['entity', 'id'])
      .where((eb) =>
        eb.and([
          eb.or(chunk.map((c) => eb.and([eb('entity', '=', c.entity), eb('id', '=', c.entity_id)]))),
          placeVisible(eb, 'place', area),
        ]),
      )
      .execute();
    for (const r of rows) visible.add(`${r.entity}:${r.id}`);
  }
  return conflicts.filter((c) => c.device_id === device.id || visible.has(`${c.entity}:${c.entity_id}`));
}
