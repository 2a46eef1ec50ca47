import type { VerificationView, VisitInput } from '../../../common/api/methods/casework.ts';
import { groupDigits, parseRupiah } from '../../../common/domain/money.ts';

/**
 * The field-visit form: the choices officers pick from (stored as the Indonesian words, which
 * is what reports and exports print), and the conversion between the form and the API.
 */
type Choice = readonly [value: string, english: string];

export const VISIT_CHOICES = {
  houseOwnership: [
    ['Milik sendiri', 'Own'],
    ['Kontrak/sewa', 'Rented'],
    ['Bebas sewa (menumpang)', 'Rent-free (staying with others)'],
    ['Rumah dinas', 'Official housing'],
    ['Lainnya', 'Other'],
  ],
  floorType: [
    ['Keramik/marmer/granit', 'Ceramic/marble/granite'],
    ['Ubin/tegel/teraso', 'Tiles/terrazzo'],
    ['Semen/bata merah', 'Cement/brick'],
    ['Kayu/papan', 'Wood/planks'],
    ['Bambu', 'Bamboo'],
    ['Tanah', 'Earth'],
    ['Lainnya', 'Other'],
  ],
  wallType: [
    ['Tembok', 'Masonry'],
    ['Plesteran anyaman bambu/kawat', 'Plastered bamboo/wire mesh'],
    ['Kayu/papan', 'Wood/planks'],
    ['Anyaman bambu', 'Woven bamboo'],
    ['Seng/batang kayu', 'Zinc sheet/logs'],
    ['Lainnya', 'Other'],
  ],
  roofType: [
    ['Beton', 'Concrete'],
    ['Genteng', 'Roof tiles'],
    ['Seng', 'Zinc sheet'],
    ['Asbes', 'Asbestos'],
    ['Kayu/sirap', 'Wood shingles'],
    ['Bambu', 'Bamboo'],
    ['Jerami/ijuk/rumbia', 'Thatch'],
    ['Lainnya', 'Other'],
  ],
  waterSource: [
    ['Air kemasan/isi ulang', 'Bottled/refill water'],
    ['Leding/PDAM', 'Piped water (PDAM)'],
    ['Sumur bor/pompa', 'Bore well/pump'],
    ['Sumur terlindung', 'Protected well'],
    ['Sumur tak terlindung', 'Unprotected well'],
    ['Mata air terlindung', 'Protected spring'],
    ['Mata air tak terlindung', 'Unprotected spring'],
    ['Air sungai/danau/hujan', 'River/lake/rain water'],
    ['Lainnya', 'Other'],
  ],
  lighting: [
    ['Listrik PLN 450 VA', 'PLN electricity 450 VA'],
    ['Listrik PLN 900 VA', 'PLN electricity 900 VA'],
    ['Listrik PLN 1.300 VA', 'PLN electricity 1,300 VA'],
    ['Listrik PLN >1.300 VA', 'PLN electricity >1,300 VA'],
    ['Listrik PLN tanpa meteran', 'PLN electricity without a meter'],
    ['Listrik non-PLN', 'Non-PLN electricity'],
    ['Bukan listrik', 'No electricity'],
  ],
  toilet: [
    ['Sendiri', 'Own'],
    ['Bersama rumah tangga lain', 'Shared with other households'],
    ['Umum', 'Public'],
    ['Tidak ada', 'None'],
  ],
} as const satisfies Record<string, readonly Choice[]>;

export type ChoiceField = keyof typeof VISIT_CHOICES;
export const CHOICE_FIELDS = Object.keys(VISIT_CHOICES) as ChoiceField[];

/** Assets as short codes (what the household record keeps), with labels. */
export const ASSETS: readonly (readonly [code: string, indonesian: string, english: string])[] = [
  ['motor', 'Sepeda motor', 'Motorcycle'],
  ['mobil', 'Mobil', 'Car'],
  ['kulkas', 'Kulkas', 'Refrigerator'],
  ['televisi', 'Televisi layar datar', 'Flat-screen TV'],
  ['ac', 'AC', 'Air conditioner'],
  ['komputer', 'Komputer/laptop', 'Computer/laptop'],
  ['emas', 'Emas/perhiasan (≥ 10 gram)', 'Gold/jewellery (≥ 10 g)'],
  ['ternak', 'Ternak (sapi, kambing, babi)', 'Livestock (cattle, goats, pigs)'],
  ['tanah', 'Tanah/sawah/kebun lain', 'Other land/fields'],
  ['rumah_lain', 'Rumah/bangunan di tempat lain', 'House/building elsewhere'],
  ['perahu', 'Perahu/kapal motor', 'Boat'],
  ['usaha', 'Usaha dengan karyawan', 'Business with employees'],
];

export interface VisitForm {
  visitDate: string;
  houseOwnership: string;
  floorAreaM2: string;
  floorType: string;
  wallType: string;
  roofType: string;
  waterSource: string;
  lighting: string;
  toilet: string;
  monthlyIncome: string;
  assets: string[];
  findings: string;
}

export function formFromVisit(visit: VerificationView['visit'], today: string): VisitForm {
  return {
    visitDate: visit?.visitDate ?? today,
    houseOwnership: visit?.houseOwnership ?? '',
    floorAreaM2: visit?.floorAreaM2 != null ? String(visit.floorAreaM2) : '',
    floorType: visit?.floorType ?? '',
    wallType: visit?.wallType ?? '',
    roofType: visit?.roofType ?? '',
    waterSource: visit?.waterSource ?? '',
    lighting: visit?.lighting ?? '',
    toilet: visit?.toilet ?? '',
    monthlyIncome: visit?.monthlyIncome != null ? groupDigits(visit.monthlyIncome) : '',
    assets: [...(visit?.assets ?? [])],
    findings: visit?.findings ?? '',
  };
}

export type VisitProblems = Partial<
  Record<keyof VisitForm, 'required' | 'future' | 'invalid' | 'decimal' | 'tooLarge'>
>;

export function visitFromForm(
  form: VisitForm,
  today: string,
): { visit: VisitInput | null; problems: VisitProblems } {
  const problems: VisitProblems = {};
  if (!form.visitDate) problems.visitDate = 'required';
  else if (form.visitDate > today) problems.visitDate = 'future';
  let floorAreaM2: number | null = null;
  if (form.floorAreaM2.trim()) {
    const n = Number(form.floorAreaM2.trim().replace(',', '.'));
    if (!Number.isInteger(n) || n < 0 || n > 10_000) problems.floorAreaM2 = 'invalid';
    else floorAreaM2 = n;
  }
  // Optional: an empty box is "not asked", anything else must read as whole rupiah.
  const income = parseRupiah(form.monthlyIncome);
  if (!income.ok && income.problem !== 'empty') problems.monthlyIncome = income.problem;
  const monthlyIncome = income.ok ? income.value : null;
  if (Object.keys(problems).length) return { visit: null, problems };
  const text = (v: string) => v.trim() || null;
  return {
    visit: {
      visitDate: form.visitDate,
      houseOwnership: text(form.houseOwnership),
      floorAreaM2,
      floorType: text(form.floorType),
      wallType: text(form.wallType),
      roofType: text(form.roofType),
      waterSource: text(form.waterSource),
      lighting: text(form.lighting),
      toilet: text(form.toilet),
      monthlyIncome,
      assets: form.assets,
      findings: form.findings.trim(),
    },
    problems,
  };
}

export function assetLabel(code: string, locale: 'id' | 'en'): string {
  const found = ASSETS.find((a) => a[0] === code);
  return found ? (locale === 'id' ? found[1] : found[2]) : code;
}

export function choiceLabel(field: ChoiceField, value: string, locale: 'id' | 'en'): string {
  const found = (VISIT_CHOICES[field] as readonly Choice[]).find((c) => c[0] === value);
  return found && locale === 'en' ? found[1] : value;
}
