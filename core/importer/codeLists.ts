import {
  headerKeys,
  RELATIONSHIP_CODE_LISTS,
  type RelationshipCodeList,
} from '../../common/domain/importFields.ts';
import { checkNik } from '../../common/domain/idNumbers.ts';
import { cellText, type Cell } from './cells.ts';

/**
 * Numeric relationship codes mean different things by source (DOMAIN.md "Code lists in real
 * files"): SIAK/OpenSID's SHDK says 3 Istri, 4 Anak; BDT/DTKS says 3 Anak, 4 Menantu. Read with
 * the wrong list, wives become children and children in-laws, silently. The list is decided
 * from the header when it names its source, else from the evidence in the rows, else asked.
 */

export interface CodeListDecision {
  list: RelationshipCodeList;
  reason: string;
}

const SIAK_HEADERS = ['SHDK', 'KK_LEVEL', 'KKLEVEL', 'STATUS_HUBUNGAN_DALAM_KELUARGA'];
const DTKS_HEADERS = [
  'HUBKRT',
  'HUB_KRT',
  'HUBUNGAN_DENGAN_KRT',
  'HUBUNGAN_DENGAN_KEPALA_RUMAH_TANGGA',
  'HUBUNGAN_DENGAN_KEPALA_RUTA',
  'HUB_RUTA',
  // Regsosek 2022 question 409 (hubungan dengan kepala keluarga, BDT/DTKS codes).
  '409',
];

export function listFromHeader(header: string): CodeListDecision | null {
  const keys = headerKeys(header).map((k) => k.key);
  if (keys.some((k) => SIAK_HEADERS.includes(k)))
    return {
      list: 'siak',
      reason: `Judul kolom "${header}" adalah kode SHDK Dukcapil/SIAK/OpenSID (1 Kepala Keluarga, 2 Suami, 3 Istri, 4 Anak …).`,
    };
  if (keys.some((k) => DTKS_HEADERS.includes(k)))
    return {
      list: 'dtks',
      reason: `Judul kolom "${header}" adalah hubungan dengan kepala rumah tangga BDT/DTKS (1 Kepala, 2 Istri/Suami, 3 Anak, 4 Menantu …).`,
    };
  return null;
}

/** A relationship code as written ("3", "03", 3), or null when the cell is a word or empty. */
export function relationshipCode(cell: Cell): number | null {
  const text = cellText(cell).replace(/^0+(?=\d)/, '');
  return /^\d{1,2}$/.test(text) ? Number(text) : null;
}

/** One member as the evidence needs them: family, code, sex and birth year when known. */
export interface Member {
  family: string;
  code: number;
  sex: 'L' | 'P' | null;
  birthYear: number | null;
}

/**
 * Weighs what the codes would mean under each list against how families are. Impossible
 * readings decide: under SIAK a code-2 woman would be a "Suami" and a code-3 man an "Istri";
 * under DTKS a code-3 member about the head's age would be their child, and codes 9-11 do not
 * exist. When neither list is contradicted, three or more code-3 members twenty years younger
 * than the head (children under DTKS, unlikely wives under SIAK) settle it for DTKS, and code-3
 * women about the head's age (wives under SIAK) were already a contradiction of DTKS.
 */
export function listFromEvidence(members: Member[]): CodeListDecision | null {
  const heads = new Map<string, Member>();
  for (const m of members) if (m.code === 1 && !heads.has(m.family)) heads.set(m.family, m);
  let againstSiak = 0;
  let againstDtks = 0;
  let childSigns = 0;
  for (const m of members) {
    if (m.code >= 9) againstDtks++;
    if (m.code === 2 && m.sex === 'P') againstSiak++;
    if (m.code === 3 && m.sex === 'L') againstSiak++;
    const head = heads.get(m.family);
    if (m.code !== 3 || !head?.birthYear || !m.birthYear) continue;
    const younger = m.birthYear - head.birthYear;
    if (younger <= 10) againstDtks++;
    else if (younger >= 16) childSigns++;
  }
  if (againstDtks > 0 && againstSiak === 0)
    return {
      list: 'siak',
      reason: `Dibaca sebagai kode SHDK Dukcapil/SIAK (3 = Istri): ${againstDtks} anggota tidak mungkin dibaca dengan daftar BDT/DTKS (berkode 3 tetapi seusia kepala keluarga, atau kode 9-11).`,
    };
  if (againstSiak > 0 && againstDtks === 0)
    return {
      list: 'dtks',
      reason: `Dibaca sebagai kode BDT/DTKS (2 = Istri/Suami, 3 = Anak): ${againstSiak} anggota tidak mungkin dibaca dengan daftar SIAK (perempuan berkode 2 "Suami" atau laki-laki berkode 3 "Istri").`,
    };
  if (againstSiak === 0 && againstDtks === 0 && childSigns >= 3)
    return {
      list: 'dtks',
      reason: `Dibaca sebagai kode BDT/DTKS (3 = Anak): ${childSigns} anggota berkode 3 lahir 16 tahun atau lebih sesudah kepala keluarga.`,
    };
  return null;
}

/** Sex and birth year of a member from their cells, else from their NIK. */
export function memberFacts(
  sex: 'L' | 'P' | null,
  birthDate: string | null,
  nik: string | null,
  today: Date,
): { sex: 'L' | 'P' | null; birthYear: number | null } {
  const facts = nik ? checkNik(nik, { today }).facts : null;
  return {
    sex: sex ?? facts?.sex ?? null,
    birthYear: birthDate
      ? Number(birthDate.slice(0, 4))
      : facts?.birthDate
        ? Number(facts.birthDate.slice(0, 4))
        : null,
  };
}

export const QUESTION_CODES = 'codes.relationship';

/** The question the clerk answers when neither the header nor the rows settle the list. */
export function relationshipQuestion(column: string) {
  return {
    id: QUESTION_CODES,
    column,
    message: `Kolom "${column}" berisi kode angka hubungan keluarga, tetapi daftar kodenya tidak dapat dipastikan dari judul maupun isinya. Angka 3 berarti Istri menurut SIAK/Dukcapil, tetapi Anak menurut BDT/DTKS. Pilih daftar kode yang dipakai berkas ini.`,
    choices: Object.entries(RELATIONSHIP_CODE_LISTS).map(([value, l]) => ({ value, label: l.label })),
  };
}

/** The stop when an import meets numeric codes without a list chosen (the CLI names --codes). */
export function relationshipQuestionText(column: string): string {
  return `${relationshipQuestion(column).message} Pilihan: siak (${RELATIONSHIP_CODE_LISTS.siak.label}) atau dtks (${RELATIONSHIP_CODE_LISTS.dtks.label}).`;
}
