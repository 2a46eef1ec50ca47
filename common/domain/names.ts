/**
 * Match keys for Indonesian names (DOMAIN.md "Names"). They are for searching and duplicate
 * detection only: the stored name is never changed.
 *
 * - `nameKey`: lower case, titles and "bin/binti X" removed, Muhammad/Achmad/Siti variants and the
 *   old spelling (oe, dj, tj, sj, ch) folded, doubled letters single, letters and spaces only.
 * - `phoneticKey`: a Soundex-like code tuned for Indonesian, per word, for blocking candidates
 *   that sound alike ("Sukarno" / "Soekarno", "Khadijah" / "Kadijah", "Nyoman" / "Nyuman").
 */

/** Academic and religious titles, with or without dots, before or after the name. */
const TITLES = new Set([
  'h',
  'hj',
  'haji',
  'hajjah',
  'dr',
  'drs',
  'dra',
  'ir',
  'prof',
  'kh',
  'ust',
  'ustadz',
  'ustazah',
  'spd',
  'sag',
  'sh',
  'se',
  'ssos',
  'amd',
  'amdkeb',
  'amdkep',
  'skm',
  'skep',
  'sked',
  'sip',
  'ssi',
  'mpd',
  'msi',
  'mm',
  'mh',
  'ma',
  'mag',
  'spdi',
  'sthi',
  'sh',
  'sr',
  'raden',
  'rd',
  'rr',
]);

/** First names written many ways; the key maps each spelling to one form. */
const FIRST_NAME_FORMS: Record<string, string> = {
  muhammad: 'muhamad',
  muhamad: 'muhamad',
  mohammad: 'muhamad',
  mohamad: 'muhamad',
  mochammad: 'muhamad',
  mochamad: 'muhamad',
  mokhammad: 'muhamad',
  muhammat: 'muhamad',
  moch: 'muhamad',
  moh: 'muhamad',
  mohd: 'muhamad',
  muh: 'muhamad',
  mhd: 'muhamad',
  m: 'muhamad',
  achmad: 'ahmad',
  akhmad: 'ahmad',
  ahmat: 'ahmad',
  achmat: 'ahmad',
  ahmad: 'ahmad',
  siti: 'siti',
  sitti: 'siti',
  st: 'siti',
  abdul: 'abdul',
  abd: 'abdul',
  nur: 'nur',
  nurul: 'nurul',
  noer: 'nur',
};

/**
 * Old (pre-1972) spelling, still on many elderly people's cards: oe -> u, dj -> j, tj -> c,
 * sj -> sy, ch -> kh, and the old j that is today's y ("Soejono" = "Suyono"). A name is read as
 * old spelling when it shows one of the old digraphs anywhere.
 */
function modernSpelling(name: string): string {
  // Placeholders (upper case never occurs in the lower-cased name) protect dj/tj/sj from j -> y.
  let text = name.replace(/dj/g, 'D').replace(/tj/g, 'T').replace(/sj/g, 'S');
  if (/oe|nj|[DTS]/.test(text)) text = text.replace(/j/g, 'y');
  return text
    .replace(/D/g, 'j')
    .replace(/T/g, 'c')
    .replace(/S/g, 'sy')
    .replace(/oe/g, 'u')
    .replace(/ch/g, 'kh');
}

function words(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/,.*$/, '') // "Siti Aminah, S.Pd.": what follows a comma is degrees
    .replace(/\b(bin|binti|bt|bte)\b.*$/, '') // "Ahmad bin Yusuf" is Ahmad; the father's name is not his
    .replace(/[.'`’]/g, ' ')
    .split(/[^a-z]+/)
    .filter(Boolean);
}

export function nameKey(name: string): string {
  const folded = words(name).map((w) => FIRST_NAME_FORMS[w] ?? w);
  return (
    modernSpelling(folded.join(' '))
      .split(' ')
      .filter((w) => w && !TITLES.has(w))
      // "Aminnah" / "Aminah", "Ella" / "Ela": doubled letters are spelling, not a different name.
      .map((w) => w.replace(/([a-z])\1+/g, '$1'))
      .join(' ')
  );
}

/** Per-word sound code: first letter kept, then consonant classes, vowels and h dropped. */
function wordCode(word: string): string {
  const w = word
    .replace(/kh/g, 'k')
    .replace(/sy/g, 's')
    .replace(/ny/g, 'n')
    .replace(/ng/g, 'n')
    .replace(/dz/g, 'z')
    .replace(/[fv]/g, 'p')
    .replace(/q/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/z/g, 's')
    .replace(/([a-z])\1+/g, '$1');
  const classes: Record<string, string> = {
    b: '1',
    p: '1',
    m: '5',
    w: '6',
    c: '2',
    j: '2',
    k: '2',
    g: '2',
    s: '2',
    d: '3',
    t: '3',
    l: '4',
    r: '4',
    n: '5',
    y: '',
  };
  let code = w[0] ?? '';
  let previous = classes[code] ?? '';
  for (const ch of w.slice(1)) {
    const c = classes[ch];
    if (c === undefined) {
      previous = ''; // vowels and h separate repeated classes, as in Soundex
      continue;
    }
    if (c !== '' && c !== previous) code += c;
    previous = c;
  }
  return code;
}

export function phoneticKey(name: string): string {
  return nameKey(name).split(' ').filter(Boolean).map(wordCode).join(' ');
}

/** Jaro-Winkler similarity of two name keys, 0..1. */
export function nameSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (!a || !b) return 0;
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - range); j < Math.min(b.length, i + range + 1); j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * Whether two names, as written, can be one person's: a spelling or a name grown by a word
 * ("Achmad Fauzy" / "Ahmad Fauzi" 0.96, "Budi" / "Budi Santoso" 0.87), not two people
 * ("Suparman" / "Slamet Riyadi" 0.64). A NIK found under another name is most often a NIK typed
 * wrong, landing on someone else.
 */
export function namesOnePerson(a: string, b: string): boolean {
  return nameSimilarity(nameKey(a), nameKey(b)) >= 0.8;
}

/**
 * Birth dates Dukcapil records when the real one is unknown: 31 December (before 2004),
 * 1 July (after) and the 15th. Many elderly people share them, so a match on one proves little.
 */
export function isPlaceholderBirthDate(iso: string): boolean {
  const md = iso.slice(5);
  return md === '12-31' || md === '07-01' || iso.slice(8) === '15' || md === '01-01';
}
