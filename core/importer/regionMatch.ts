import { dottedRegionCode, regionNameKey } from '../../common/domain/regions.ts';
import { qb, type Sql } from '../../db/sql.ts';

interface Place {
  code: string;
  name: string;
  parent: string | null;
}

/**
 * Finds a desa/kelurahan from how spreadsheets write it: a name in any spelling ("ORO ORO
 * OMBO", "Oro2 Ombo"), a Kemendagri code with or without dots, or a BPS code (BPS numbers the
 * kecamatan differently; we always store the Kemendagri code). The kecamatan column, when
 * present, settles names that exist twice.
 */
export class RegionMatcher {
  private readonly byKey = new Map<string, Place[]>();
  private readonly byCode = new Map<string, Place>();
  private readonly kecamatanByKey = new Map<string, string>();

  constructor(sql: Sql) {
    for (const r of sql.all(
      qb.selectFrom('regions').select(['code', 'name', 'level', 'parent_code', 'bps_code', 'name_key']),
    )) {
      if (r.level === 'kecamatan') this.kecamatanByKey.set(r.name_key, r.code);
      if (r.level !== 'desa' && r.level !== 'kelurahan') continue;
      const place = { code: r.code, name: r.name, parent: r.parent_code };
      this.byKey.set(r.name_key, [...(this.byKey.get(r.name_key) ?? []), place]);
      this.byCode.set(r.code, place);
      this.byCode.set(r.code.replace(/\./g, ''), place);
      if (r.bps_code) this.byCode.set(r.bps_code, place);
    }
  }

  /** The kecamatan a name (or its Kemendagri code) means, or null. */
  kecamatan(text: string): { code: string } | null {
    const code =
      this.kecamatanByKey.get(regionNameKey(text)) ??
      ([...this.kecamatanByKey.values()].includes(text) ? text : undefined);
    return code ? { code } : null;
  }

  match(desaText: string, kecamatanText: string): { code: string } | { error: string } {
    const text = desaText.trim();
    if (!text) return { error: 'Desa/kelurahan kosong. Isi nama desa/kelurahan sesuai KK.' };
    if (/^[\d.]+$/.test(text)) {
      const place = this.byCode.get(text) ?? this.byCode.get(dottedRegionCode(text));
      return place
        ? { code: place.code }
        : { error: `Kode wilayah "${text}" tidak ada di daftar desa/kelurahan.` };
    }
    const candidates = this.byKey.get(regionNameKey(text)) ?? [];
    const kecamatan = kecamatanText ? this.kecamatan(kecamatanText)?.code : undefined;
    const inKecamatan = kecamatan ? candidates.filter((c) => c.parent === kecamatan) : candidates;
    if (inKecamatan.length === 1) return { code: inKecamatan[0]!.code };
    if (inKecamatan.length > 1)
      return { error: `Nama desa "${text}" ada di lebih dari satu kecamatan. Isi kolom kecamatan.` };
    if (candidates.length && kecamatan)
      return { error: `Desa "${text}" tidak berada di Kecamatan ${kecamatanText}. Periksa kecamatannya.` };
    return {
      error: `Desa/kelurahan "${text}" tidak dikenal di daftar wilayah. Periksa ejaannya (contoh: Oro-oro Ombo, Sidomulyo).`,
    };
  }
}
