/** Region facts from DOMAIN.md: Kemendagri codes are the stored key; names are matched loosely. */
export type RegionLevel = 'provinsi' | 'kota' | 'kabupaten' | 'kecamatan' | 'kelurahan' | 'desa';

/**
 * Folds the spellings spreadsheets use for one place: "Oro-oro Ombo", "ORO ORO OMBO" and
 * "Oro2 Ombo" all become "orooroombo". Also drops "desa"/"kelurahan"/"kec." prefixes.
 */
export function regionNameKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\b(desa|kelurahan|kel|kecamatan|kec|kota|kabupaten|kab)\b\.?/g, ' ')
    .replace(/([a-z]+)2/g, '$1$1')
    .replace(/[^a-z0-9]/g, '');
}

/** Level from the code's shape: 4th part starting 1 is a kelurahan, 2 a desa; cities are 71+. */
export function levelOfCode(code: string): RegionLevel | null {
  const parts = code.split('.');
  switch (parts.length) {
    case 1:
      return 'provinsi';
    case 2:
      return Number(parts[1]) >= 71 ? 'kota' : 'kabupaten';
    case 3:
      return 'kecamatan';
    case 4:
      return parts[3]?.startsWith('1') ? 'kelurahan' : parts[3]?.startsWith('2') ? 'desa' : null;
    default:
      return null;
  }
}

export const parentOfCode = (code: string): string | null => {
  const i = code.lastIndexOf('.');
  return i < 0 ? null : code.slice(0, i);
};

/** 3579011001 -> 35.79.01.1001 */
export function dottedRegionCode(code: string): string {
  const digits = code.replace(/\D/g, '');
  const parts = [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4, 6), digits.slice(6, 10)].filter(
    Boolean,
  );
  return parts.join('.');
}
