import { qb, type Sql } from '../../db/sql.ts';

/** Region names by code, read once per use case (24 desa, 3 kecamatan: tiny). */
export class RegionNames {
  private readonly byCode: Map<string, { name: string; parent: string | null; level: string }>;

  constructor(sql: Sql) {
    this.byCode = new Map(
      sql
        .all(qb.selectFrom('regions').select(['code', 'name', 'parent_code', 'level']))
        .map((r) => [r.code, { name: r.name, parent: r.parent_code, level: r.level }]),
    );
  }

  name(code: string | null): string {
    return code ? (this.byCode.get(code)?.name ?? code) : '';
  }

  kecamatanName(desaCode: string): string {
    return this.name(this.byCode.get(desaCode)?.parent ?? null);
  }

  isDesaOrKelurahan(code: string): boolean {
    const level = this.byCode.get(code)?.level;
    return level === 'desa' || level === 'kelurahan';
  }

  level(code: string): string | undefined {
    return this.byCode.get(code)?.level;
  }
}
