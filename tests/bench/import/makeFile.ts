import ExcelJS from 'exceljs';

/** A DTKS-like export: ~20 columns, families of 1-6 under one KK, NIK/KK as text cells. */
export const HEADERS = [
  'IDDTKS',
  'PROVINSI',
  'KABUPATEN_KOTA',
  'KECAMATAN',
  'DESA_KELURAHAN',
  'ALAMAT',
  'DUSUN',
  'RT',
  'RW',
  'NOMOR_KK',
  'NOMOR_NIK',
  'NAMA',
  'TANGGAL_LAHIR',
  'TEMPAT_LAHIR',
  'JENIS_KELAMIN',
  'PEKERJAAN',
  'NAMA_IBU_KANDUNG',
  'HUBUNGAN_KELUARGA',
  'KETERANGAN_PADAN',
  'BANSOS_BPNT',
  'BANSOS_PKH',
  'PBI_JKN',
];

const DESA: [string, string, string][] = [
  ['01', 'BATU', 'SISIR'],
  ['01', 'BATU', 'TEMAS'],
  ['01', 'BATU', 'ORO ORO OMBO'],
  ['01', 'BATU', 'SIDOMULYO'],
  ['02', 'BUMIAJI', 'PUNTEN'],
  ['02', 'BUMIAJI', 'TULUNGREJO'],
  ['02', 'BUMIAJI', 'GIRIPURNO'],
  ['03', 'JUNREJO', 'BEJI'],
  ['03', 'JUNREJO', 'TLEKUNG'],
  ['03', 'JUNREJO', 'MOJOREJO'],
];
const FIRST = [
  'SUTRISNO',
  'WAHYUDI',
  'SLAMET',
  'SUPARMI',
  'SITI',
  'SRI',
  'BUDI',
  'AGUS',
  'ENDANG',
  'LESTARI',
  'NURHAYATI',
  'YULIANI',
  'AHMAD',
  'DEWI',
];
const LAST = [
  'SANTOSO',
  'WIBOWO',
  'SUSANTO',
  'PURNOMO',
  'HIDAYAT',
  'RAHAYU',
  'HANDAYANI',
  'WULANDARI',
  'KUSUMA',
  'SAPUTRA',
];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function* dtksRows(count: number): Generator<(string | Date)[]> {
  let made = 0;
  let family = 0;
  while (made < count) {
    family++;
    const [kec, kecName, desa] = DESA[family % DESA.length]!;
    const kk = `3579${kec}${pad(1 + (family % 28))}${pad(1 + (Math.floor(family / 28) % 12))}${pad(10 + (Math.floor(family / 336) % 15))}${pad(1 + Math.floor(family / 5040), 4)}`;
    const size = 1 + (family % 6);
    for (let i = 0; i < size && made < count; i++, made++) {
      const sex = i === 1 ? 'P' : i === 0 ? 'L' : made % 2 ? 'L' : 'P';
      const day = 1 + (made % 28);
      const month = 1 + (Math.floor(made / 28) % 12);
      const year = 1940 + (Math.floor(made / 336) % 80);
      const nik = `3579${kec}${pad(day + (sex === 'P' ? 40 : 0))}${pad(month)}${pad(year % 100)}${pad(1 + Math.floor(made / 26880), 4)}`;
      yield [
        `ID${made}`,
        'JAWA TIMUR',
        'KOTA BATU',
        kecName,
        desa,
        `JL. MAWAR NO. ${family % 90}`,
        'KRAJAN',
        String(1 + (family % 9)),
        String(1 + (family % 4)),
        kk,
        nik,
        `${FIRST[made % FIRST.length]} ${LAST[family % LAST.length]}`,
        new Date(Date.UTC(year, month - 1, day)),
        'BATU',
        sex,
        'PETANI',
        'PAINEM',
        i === 0 ? 'KEPALA KELUARGA' : i === 1 ? 'ISTRI' : 'ANAK',
        'PADAN',
        family % 3 === 0 ? 'YA' : 'TIDAK',
        'TIDAK',
        family % 2 === 0 ? '1' : '0',
      ];
    }
  }
}

export async function makeDtksXlsx(path: string, rows: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: true,
  });
  const sheet = workbook.addWorksheet('DTKS');
  sheet.columns = HEADERS.map((h) => ({
    header: h,
    key: h,
    width: 16,
    style: ['NOMOR_KK', 'NOMOR_NIK', 'RT', 'RW'].includes(h) ? { numFmt: '@' } : {},
  }));
  for (const row of dtksRows(rows)) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
}
