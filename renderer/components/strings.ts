import type { RupiahProblem } from '../../common/domain/money.ts';
import { defineStrings } from '../i18n/i18n.tsx';

/** The form kit's own words (date, month and money fields). Month names stay Indonesian. */
export const fieldStrings = defineStrings(
  {
    datePlaceholder: 'hh/bb/tttt',
    dateFormat: 'Tulis tanggal sebagai hari/bulan/tahun, misalnya 17/08/2025.',
    monthPart: (label: string) => `${label}: bulan`,
    yearPart: (label: string) => `${label}: tahun`,
    chooseMonth: '— bulan —',
    chooseYear: '— tahun —',
    moneyRead: (amount: string) => `Terbaca: ${amount}.`,
    tooLong: (length: number, max: number) =>
      `Terlalu panjang: ${length} huruf, paling banyak ${max}. Persingkat isian ini; teks Anda tidak dipotong.`,
    money: {
      empty: 'Isi nominal dalam rupiah, misalnya 1.500.000.',
      decimal: 'Nominal harus rupiah utuh tanpa sen (tanpa koma), misalnya 1.500.000.',
      invalid: 'Tulis angka rupiah saja, misalnya 1.500.000 (tanpa huruf).',
      tooLarge: 'Nominal terlalu besar (lebih dari Rp1.000.000.000). Periksa jumlah angkanya.',
    } as Record<RupiahProblem, string>,
  },
  {
    datePlaceholder: 'dd/mm/yyyy',
    dateFormat: 'Write the date as day/month/year, e.g. 17/08/2025.',
    monthPart: (label: string) => `${label}: month`,
    yearPart: (label: string) => `${label}: year`,
    chooseMonth: '— month —',
    chooseYear: '— year —',
    moneyRead: (amount: string) => `Read as: ${amount}.`,
    tooLong: (length: number, max: number) =>
      `Too long: ${length} characters, at most ${max}. Shorten it; your text has not been cut.`,
    money: {
      empty: 'Enter an amount in rupiah, e.g. 1.500.000.',
      decimal: 'Amounts are whole rupiah without cents (no comma), e.g. 1.500.000.',
      invalid: 'Write a rupiah amount only, e.g. 1.500.000 (no letters).',
      tooLarge: 'Amount too large (over Rp1.000.000.000). Check the digits.',
    },
  },
);
