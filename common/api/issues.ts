import { z } from 'zod';

/**
 * Zod's own messages in plain Indonesian, for every check a schema does not word itself
 * (a schema's message always wins). zod's "id" locale still reads like the library ("Input tidak
 * valid: diharapkan array, diterima number", "Terlalu kecil: diharapkan number menjadi >=0").
 */
const TYPE_NAMES: Record<string, string> = {
  string: 'teks',
  number: 'angka',
  int: 'bilangan bulat',
  bigint: 'bilangan bulat',
  boolean: 'ya/tidak',
  array: 'daftar',
  object: 'kumpulan isian',
  date: 'tanggal',
  null: 'kosong',
  undefined: 'kosong',
  nan: 'angka',
  map: 'kumpulan isian',
  set: 'daftar',
};

const FORMAT_NAMES: Record<string, string> = {
  date: 'Tanggal harus berformat TTTT-BB-HH dan ada di kalender.',
  datetime: 'Waktu tidak sah.',
  time: 'Jam tidak sah.',
  email: 'Alamat email tidak sah.',
  url: 'Alamat tautan tidak sah.',
  uuid: 'ID tidak sah.',
};

const typeName = (name: string | undefined) => (name && TYPE_NAMES[name]) || 'isian yang sesuai';
const count = (origin: string | undefined) =>
  origin === 'string' ? ' karakter' : origin === 'array' || origin === 'set' ? ' butir' : '';

export function indonesianIssue(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'Wajib diisi.';
      return `Harus berupa ${typeName(issue.expected)}.`;
    case 'too_small': {
      const n = Number(issue.minimum);
      if ((issue.origin === 'string' || issue.origin === 'array') && n === 1) return 'Wajib diisi.';
      return issue.inclusive === false
        ? `Harus lebih dari ${n}${count(issue.origin)}.`
        : `Paling sedikit ${n}${count(issue.origin)}.`;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      return issue.inclusive === false
        ? `Harus kurang dari ${n}${count(issue.origin)}.`
        : `Paling banyak ${n}${count(issue.origin)}.`;
    }
    case 'invalid_format':
      return FORMAT_NAMES[issue.format] ?? 'Bentuk isian tidak sesuai.';
    case 'not_multiple_of':
      return `Harus kelipatan ${String(issue.divisor)}.`;
    case 'invalid_value':
      return issue.values.length <= 12
        ? `Pilihan tidak dikenal. Pilih salah satu: ${issue.values.map(String).join(', ')}.`
        : 'Pilihan tidak dikenal.';
    case 'unrecognized_keys':
      return `Isian tidak dikenal: ${issue.keys.join(', ')}. Perbarui aplikasi.`;
    case 'invalid_union':
      return 'Isian tidak sesuai dengan bentuk mana pun yang diterima.';
    case 'invalid_key':
    case 'invalid_element':
      return 'Ada isian di dalam daftar yang tidak sesuai.';
    default:
      return 'Isian tidak sesuai.';
  }
}

/** Makes zod answer in Indonesian in this process (dispatch, the sync server). */
export function useIndonesianMessages(): void {
  z.config({ customError: (issue) => indonesianIssue(issue) });
}
