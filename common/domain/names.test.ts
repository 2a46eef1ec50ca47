import { describe, expect, it } from 'vitest';
import { isPlaceholderBirthDate, nameKey, nameSimilarity, phoneticKey } from './names.ts';

describe('name keys', () => {
  it.each([
    ['Muhammad Yusuf', 'Moch. Yusuf'],
    ['Mohammad Yusuf', 'M. Yusuf'],
    ['Achmad Fauzi', 'Akhmad Fauzi'],
    ['Ahmad Fauzi', 'AHMAD FAUZI'],
    ['Siti Aminah', 'St. Aminah'],
    ['Hj. Siti Aminah, S.Pd.', 'Siti Aminah'],
    ['Drs. H. Soekarno', 'Sukarno'],
    ['Djoko Santoso', 'Joko Santoso'],
    ['Soejono', 'Suyono'],
    ['Tjipto', 'Cipto'],
    ['Chadidjah', 'Khadijah'],
    ['Ahmad bin Yusuf', 'Ahmad'],
    ['Sri Rahayu binti Karto', 'Sri Rahayu'],
  ])('%s matches %s', (a, b) => {
    expect(nameKey(a)).toBe(nameKey(b));
  });

  it('keeps different names different', () => {
    expect(nameKey('Siti Aminah')).not.toBe(nameKey('Siti Aisyah'));
    expect(nameKey('Joko Santoso')).not.toBe(nameKey('Yoko Santoso'));
  });

  it('gives alike-sounding names the same phonetic key', () => {
    expect(phoneticKey('Nyoman Sutrisno')).toBe(phoneticKey('Nyuman Sutrisna'));
    expect(phoneticKey('Kadijah')).toBe(phoneticKey('Khadijah'));
    expect(phoneticKey('Fatimah')).toBe(phoneticKey('Patimah'));
    expect(phoneticKey('Zainal')).toBe(phoneticKey('Sainal'));
    expect(phoneticKey('Budi Santoso')).not.toBe(phoneticKey('Budi Susanto'));
  });

  it('scores similar names high and different ones low', () => {
    expect(nameSimilarity(nameKey('Siti Aminah'), nameKey('Siti Aminnah'))).toBeGreaterThan(0.9);
    expect(nameSimilarity(nameKey('Siti Aminah'), nameKey('Bambang Irawan'))).toBeLessThan(0.6);
  });

  it('knows the placeholder birth dates', () => {
    expect(isPlaceholderBirthDate('1950-12-31')).toBe(true);
    expect(isPlaceholderBirthDate('2010-07-01')).toBe(true);
    expect(isPlaceholderBirthDate('1962-03-15')).toBe(true);
    expect(isPlaceholderBirthDate('1962-03-14')).toBe(false);
  });
});
