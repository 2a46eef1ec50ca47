/**
 * Passphrases people can remember and type: everyday Indonesian words, about 7 bits each.
 * Five words are enough for a temporary password (replaced at first login, and each guess
 * costs a scrypt); the random source is injected so this file stays free of platform APIs.
 */
const WORDS = [
  'apel', 'air', 'angin', 'awan', 'bambu', 'batu', 'bayam', 'bintang', 'bukit', 'bunga', 'buku', 'cabai', 'cangkir',
  'cermin', 'daun', 'delima', 'dermaga', 'durian', 'embun', 'gajah', 'garam', 'gunung', 'hujan', 'ikan', 'jagung',
  'jambu', 'jalan', 'jendela', 'jeruk', 'kabut', 'kacang', 'kali', 'kapal', 'kebun', 'kelapa', 'kelinci', 'kemiri',
  'kereta', 'kopi', 'kubis', 'kucing', 'kupu', 'lada', 'langit', 'layang', 'lembah', 'lilin', 'mangga', 'melati',
  'merpati', 'meja', 'nanas', 'padi', 'pagi', 'pantai', 'payung', 'pelangi', 'pepaya', 'perahu', 'pasar', 'pinus',
  'pisang', 'pohon', 'rambutan', 'rumah', 'rusa', 'salak', 'sapi', 'sawah', 'sayur', 'sepeda', 'sore', 'stroberi',
  'sungai', 'surat', 'tahu', 'tempe', 'teh', 'tomat', 'topi', 'ubi', 'udang', 'ular', 'wortel', 'zaitun', 'anggrek',
  'belimbing', 'cengkeh', 'dandang', 'enau', 'gitar', 'halaman', 'ilalang', 'jati', 'kenari', 'lumbung', 'mawar',
  'nangka', 'obor', 'pematang', 'rebana', 'sumur', 'tikar', 'umbul', 'waduk', 'alun', 'beringin', 'candi', 'dokar',
  'gamelan', 'kendang', 'lesung', 'mata', 'nira', 'pancuran', 'rotan', 'sangkar', 'tebu', 'wayang', 'andong', 'bakso',
  'cilok', 'dawet', 'getuk', 'kerupuk', 'lontong', 'martabak', 'onde', 'pecel', 'rawon', 'soto', 'tape', 'wedang',
];

export function generatePassphrase(randomInt: (exclusiveMax: number) => number, words = 5): string {
  return Array.from({ length: words }, () => WORDS[randomInt(WORDS.length)]).join(' ');
}
