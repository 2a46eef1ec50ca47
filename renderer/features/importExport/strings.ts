import { defineStrings } from '../../i18n/i18n.tsx';

export const importStrings = defineStrings(
  {
    title: 'Impor/Ekspor',
    ignoredRows: (n: number) =>
      `${n.toLocaleString('id-ID')} baris bukan data tidak dibaca (tanda tangan, catatan, jumlah, baris kelompok, nomor kolom)`,
    ignoredRowsHidden: (n: number, hidden: number) =>
      `${n.toLocaleString('id-ID')} baris tidak dibaca, ${hidden.toLocaleString('id-ID')} di antaranya disembunyikan di Excel. Bila baris itu juga harus diimpor, centang "Impor juga baris yang disembunyikan" di atas lalu periksa lagi.`,
    intro:
      'Masukkan daftar dari berkas Excel atau CSV, dan keluarkan daftar yang rapi untuk dikirim atau ditandatangani.',
    tabImport: 'Impor',
    tabExport: 'Ekspor',
    tabHistory: 'Riwayat impor',
    step1: '1. Jenis data dan berkas',
    step2: '2. Periksa kolom',
    step3: '3. Hasil pemeriksaan',
    step4: '4. Hasil penyimpanan',
    kind: 'Jenis data',
    period: 'Periode penyaluran (yang masih dibuka)',
    choosePeriod: '— pilih periode —',
    chooseFile: 'Pilih berkas…',
    chooseAnother: 'Pilih berkas lain',
    fileHint: 'Excel (.xlsx atau .xls), teks (.csv, .txt), atau unduhan "Excel" dari aplikasi web.',
    reading: 'Membaca berkas…',
    sheet: 'Lembar',
    headerRow: 'Baris judul kolom',
    headerRowHint: 'Tulis nomor baris judul kolom: 1 atau lebih.',
    rows: (n: number) => `${n.toLocaleString('id-ID')} baris`,
    hiddenSheet: 'tersembunyi',
    hiddenRows: (n: number) =>
      `${n.toLocaleString('id-ID')} baris di lembar ini disembunyikan di Excel/LibreOffice (oleh filter, atau disembunyikan dengan tangan). Baris itu tidak diimpor dan akan tercantum di daftar baris yang tidak dibaca.`,
    readHiddenRows: 'Impor juga baris yang disembunyikan',
    hiddenSheetChosen: (name: string) =>
      `Lembar "${name}" tersembunyi di Excel/LibreOffice: tidak terlihat saat berkas dibuka. Pastikan ini memang daftar yang akan diimpor.`,
    format: (f: string, enc: string | null, d: string | null) =>
      f === 'xlsx'
        ? 'Buku kerja Excel'
        : f === 'xls'
          ? 'Buku kerja Excel 97-2003 (.xls)'
          : f === 'ods'
            ? 'Lembar kerja LibreOffice (.ods)'
            : f === 'html'
              ? 'Halaman web berisi tabel (unduhan "Excel" dari aplikasi web)'
              : f === 'spreadsheetml'
                ? 'Buku kerja XML Excel 2003 (unduhan "Excel" dari aplikasi web)'
                : `Teks ${enc ?? ''}, pemisah "${d === '\t' ? 'tab' : (d ?? '')}"`,
    column: 'Kolom di berkas',
    example: 'Contoh isi',
    readAs: 'Dibaca sebagai',
    ignore: '(tidak dibaca)',
    missing: (list: string) => `Kolom wajib belum dipilih: ${list}.`,
    template: 'Templat pemetaan',
    templateUsed: (name: string) => `Templat "${name}" dipakai (berkas dengan kolom yang sama).`,
    templateName: 'Simpan pemetaan ini sebagai templat',
    templateNameHint:
      'Misalnya "DTKS bulanan" atau "Hasil BNI". Bulan depan, berkas dari sumber yang sama terpetakan sendiri.',
    saveTemplate: 'Simpan templat',
    templateSaved: 'Templat tersimpan.',
    onExisting: 'Bila NIK sudah terdaftar',
    update: 'Perbarui datanya',
    skip: 'Lewati',
    flag: 'Jangan impor, tandai untuk diperiksa',
    check: 'Periksa semua baris',
    checking: 'Memeriksa',
    saving: 'Menyimpan',
    cancelCheck: 'Hentikan pemeriksaan',
    saveGoingOn: 'Impor sedang disimpan…',
    saveGoingOnDetail:
      'Penyimpanan yang dimulai tadi masih berjalan; tidak perlu memilih berkasnya lagi. Tunggu di sini sampai selesai. Setelah selesai, impor itu tercatat di',
    seeIn: 'Impor ini tercatat di',
    cancelSave: 'Hentikan penyimpanan (tidak ada yang tersimpan)',
    jobStopped: 'Pekerjaan berhenti sebelum selesai. Tidak ada data yang disimpan; coba lagi.',
    counts: {
      rows: 'Baris dibaca',
      new: 'Baru',
      updated: 'Diperbarui',
      unchanged: 'Tidak berubah',
      errors: 'Salah, tidak disimpan',
      warnings: 'Peringatan, tetap disimpan',
      possibleDuplicates: 'Kemungkinan ganda',
    },
    notSavedShort: 'Tidak disimpan',
    problems: 'Masalah per baris',
    onlyErrors: (n: number) => `Hanya kesalahan (${n.toLocaleString('id-ID')} baris yang tidak disimpan)`,
    severity: 'Jenis',
    errorBadge: 'Salah',
    warningBadge: 'Peringatan',
    showMore: (n: number, left: number) =>
      `Tampilkan ${n.toLocaleString('id-ID')} lagi (masih ${left.toLocaleString('id-ID')})`,
    problemsMore: (shown: number, total: number) => `Menampilkan ${shown} dari ${total} masalah.`,
    row: 'Baris',
    value: 'Isi',
    message: 'Keterangan',
    noProblems: 'Tidak ada masalah. Semua baris siap disimpan.',
    commit: (n: number) => `Simpan ${n.toLocaleString('id-ID')} baris yang benar`,
    commitHint: 'Semua baris yang benar disimpan sekaligus, dan dapat dibatalkan.',
    commitHintErrors: (n: number) =>
      `${n.toLocaleString('id-ID')} baris yang salah (daftar di atas) tidak disimpan; perbaiki lewat berkas perbaikan lalu impor lagi. Semua baris yang benar disimpan sekaligus, dan dapat dibatalkan.`,
    errorWorkbook: 'Unduh berkas perbaikan',
    errorWorkbookHint:
      'Berisi baris yang salah saja, dengan sel bermasalah berwarna merah dan kolom MASALAH. Perbaiki, lalu impor berkas itu.',
    errorWorkbookDone: (rows: number) => `Berkas perbaikan berisi ${rows} baris siap.`,
    committed: (n: number) => `Tersimpan: ${n.toLocaleString('id-ID')} baris baru atau diperbarui.`,
    savedDetail: (added: number, updated: number, same: number) =>
      `${added.toLocaleString('id-ID')} baru, ${updated.toLocaleString('id-ID')} diperbarui, ${same.toLocaleString('id-ID')} sudah sama sehingga tidak diubah.`,
    notSaved: (n: number) =>
      `${n.toLocaleString('id-ID')} baris salah tidak disimpan; alasannya ada di daftar di bawah.`,
    undoOffer:
      'Keliru memilih berkas atau kolom? Impor ini dapat dibatalkan: data yang ditambahkan dihapus dan yang diubah dikembalikan. Anda akan ditanya dulu.',
    undo: 'Batalkan impor ini',
    undone: 'Impor dibatalkan. Data yang ditambahkan dihapus, yang diubah dikembalikan.',
    download: 'Unduh',
    startOver: 'Impor berkas lain',
    exportKind: 'Daftar',
    desa: 'Desa/Kelurahan',
    allDesa: 'Semua desa/kelurahan',
    program: 'Program',
    allPrograms: 'Semua program',
    desilMax: 'Desil paling tinggi',
    anyDesil: 'Semua desil',
    fileFormat: 'Format',
    xlsx: 'Excel (.xlsx)',
    csv: 'CSV',
    delimiter: 'Pemisah CSV',
    semicolon: 'Titik koma ; (Excel Indonesia)',
    comma: 'Koma ,',
    exportPeriod: 'Periode penyaluran',
    approvedFrom: 'Verifikasi disetujui dari tanggal',
    approvedTo: 'Sampai tanggal',
    siksNgNote:
      'NIK dan No. KK ditulis lengkap karena Kemensos memadankan usulan dengan NIK. Kolom dan kodenya mengikuti lembar "Anggota Keluarga" ekspor DTKS OpenSID (REGSOSEK2022.K); cocokkan dengan templat SIKS-NG yang berlaku sebelum mengunggah.',
    nikLegend: 'NIK dan No. KK di daftar',
    maskNik: 'Disamarkan (3579xxxxxxxx0001), untuk daftar yang keluar kantor',
    fullNik: 'Lengkap, hanya untuk dipakai di dalam kantor',
    exportNow: 'Ekspor',
    exporting: 'Mengekspor',
    exported: (rows: number, name: string) => `${rows.toLocaleString('id-ID')} baris diekspor ke ${name}.`,
    historyEmpty: 'Belum ada impor.',
    when: 'Waktu',
    who: 'Oleh',
    file: 'Berkas',
    status: 'Status',
    undoneBadge: 'dibatalkan',
  },
  {
    title: 'Import/Export',
    intro: 'Bring lists in from Excel or CSV files, and get clean lists out to send or sign.',
    tabImport: 'Import',
    tabExport: 'Export',
    tabHistory: 'Import history',
    step1: '1. Kind of data and file',
    step2: '2. Check the columns',
    step3: '3. Check results',
    step4: '4. Save results',
    kind: 'Kind of data',
    period: 'Disbursement period (still open)',
    choosePeriod: '— choose a period —',
    chooseFile: 'Choose a file…',
    chooseAnother: 'Choose another file',
    fileHint: 'Excel (.xlsx or .xls), text (.csv, .txt), or an "Excel" download from a web application.',
    reading: 'Reading the file…',
    sheet: 'Sheet',
    headerRow: 'Header row',
    headerRowHint: 'Write the number of the header row: 1 or more.',
    rows: (n: number) => `${n.toLocaleString('en')} rows`,
    hiddenSheet: 'hidden',
    hiddenRows: (n: number) =>
      `${n.toLocaleString('en')} rows of this sheet are hidden in Excel/LibreOffice (by a filter, or by hand). They are not imported and will be listed among the rows not read.`,
    readHiddenRows: 'Import the hidden rows too',
    hiddenSheetChosen: (name: string) =>
      `Sheet "${name}" is hidden in Excel/LibreOffice: it does not show when the file is opened. Make sure it is the list to import.`,
    format: (f: string, enc: string | null, d: string | null) =>
      f === 'xlsx'
        ? 'Excel workbook'
        : f === 'xls'
          ? 'Excel 97-2003 workbook (.xls)'
          : f === 'ods'
            ? 'LibreOffice spreadsheet (.ods)'
            : f === 'html'
              ? 'Web page with a table (an "Excel" download from a web application)'
              : f === 'spreadsheetml'
                ? 'Excel 2003 XML workbook (an "Excel" download from a web application)'
                : `Text ${enc ?? ''}, separator "${d === '\t' ? 'tab' : (d ?? '')}"`,
    column: 'Column in the file',
    example: 'Example',
    readAs: 'Read as',
    ignore: '(not read)',
    missing: (list: string) => `Required columns not chosen yet: ${list}.`,
    template: 'Mapping template',
    templateUsed: (name: string) => `Template "${name}" applied (a file with the same columns).`,
    templateName: 'Save this mapping as a template',
    templateNameHint:
      'E.g. "Monthly DTKS" or "BNI results". Next month a file from the same source maps itself.',
    saveTemplate: 'Save template',
    templateSaved: 'Template saved.',
    onExisting: 'When the NIK is already registered',
    update: 'Update the record',
    skip: 'Skip',
    flag: 'Do not import, flag for review',
    check: 'Check every row',
    checking: 'Checking',
    saving: 'Saving',
    cancelCheck: 'Stop the check',
    saveGoingOn: 'An import is being saved…',
    saveGoingOnDetail:
      'The save started earlier is still running; there is no need to choose the file again. Wait here until it ends. Once done, the import is listed in',
    seeIn: 'This import is listed in',
    cancelSave: 'Stop saving (nothing is saved)',
    jobStopped: 'The job stopped before it finished. Nothing was saved; try again.',
    counts: {
      rows: 'Rows read',
      new: 'New',
      updated: 'Updated',
      unchanged: 'Unchanged',
      errors: 'Errors, not saved',
      warnings: 'Warnings, saved anyway',
      possibleDuplicates: 'Possible duplicates',
    },
    notSavedShort: 'Not saved',
    problems: 'Problems by row',
    onlyErrors: (n: number) => `Errors only (${n.toLocaleString('en')} rows not saved)`,
    severity: 'Kind',
    errorBadge: 'Error',
    warningBadge: 'Warning',
    showMore: (n: number, left: number) =>
      `Show ${n.toLocaleString('en')} more (${left.toLocaleString('en')} left)`,
    problemsMore: (shown: number, total: number) => `Showing ${shown} of ${total} problems.`,
    row: 'Row',
    value: 'Value',
    message: 'Details',
    noProblems: 'No problems. Every row is ready to save.',
    commit: (n: number) => `Save ${n.toLocaleString('en')} good rows`,
    commitHint: 'All good rows are saved at once and can be undone.',
    commitHintErrors: (n: number) =>
      `${n.toLocaleString('en')} rows with errors (listed above) are not saved; fix them in the fix-up file and import it. All good rows are saved at once and can be undone.`,
    errorWorkbook: 'Download the fix-up file',
    errorWorkbookHint:
      'Only the rows with errors, bad cells in red and a MASALAH column. Fix them, then import that file.',
    errorWorkbookDone: (rows: number) => `Fix-up file with ${rows} rows ready.`,
    committed: (n: number) => `Saved: ${n.toLocaleString('en')} new or updated rows.`,
    savedDetail: (added: number, updated: number, same: number) =>
      `${added.toLocaleString('en')} new, ${updated.toLocaleString('en')} updated, ${same.toLocaleString('en')} already the same and left as they were.`,
    notSaved: (n: number) =>
      `${n.toLocaleString('en')} rows with errors were not saved; the reasons are listed below.`,
    undoOffer:
      'Wrong file or columns? This import can be undone: added records are removed and changed ones restored. You will be asked first.',
    undo: 'Undo this import',
    ignoredRows: (n: number) =>
      `${n.toLocaleString('en')} rows that are not data were not read (signatures, notes, totals, group rows, column numbers)`,
    ignoredRowsHidden: (n: number, hidden: number) =>
      `${n.toLocaleString('en')} rows were not read, ${hidden.toLocaleString('en')} of them hidden in Excel. If those rows must be imported too, tick "Import the hidden rows too" above and check again.`,
    undone: 'Import undone. Added records removed, changed ones restored.',
    download: 'Download',
    startOver: 'Import another file',
    exportKind: 'List',
    desa: 'Village',
    allDesa: 'All villages',
    program: 'Programme',
    allPrograms: 'All programmes',
    desilMax: 'Highest decile',
    anyDesil: 'Any decile',
    fileFormat: 'Format',
    xlsx: 'Excel (.xlsx)',
    csv: 'CSV',
    delimiter: 'CSV separator',
    semicolon: 'Semicolon ; (Indonesian Excel)',
    comma: 'Comma ,',
    exportPeriod: 'Disbursement period',
    approvedFrom: 'Verifications approved from',
    approvedTo: 'Until',
    siksNgNote:
      'NIK and KK numbers are written in full: the ministry matches proposals by NIK. Columns and codes follow the "Anggota Keluarga" sheet of OpenSID\'s DTKS export (REGSOSEK2022.K); check them against the current SIKS-NG template before uploading.',
    nikLegend: 'NIK and KK numbers in the list',
    maskNik: 'Masked (3579xxxxxxxx0001), for lists leaving the office',
    fullNik: 'In full, for use inside the office only',
    exportNow: 'Export',
    exporting: 'Exporting',
    exported: (rows: number, name: string) => `${rows.toLocaleString('en')} rows exported to ${name}.`,
    historyEmpty: 'No imports yet.',
    when: 'When',
    who: 'By',
    file: 'File',
    status: 'Status',
    undoneBadge: 'undone',
  },
);
