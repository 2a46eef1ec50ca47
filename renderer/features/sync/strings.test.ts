import { expect, it } from 'vitest';
import { S } from './strings.ts';

it('counts waiting changes as Indonesian writes numbers: a city-wide import is 100.000 of them', () => {
  expect(S.pendingCount(0)).toBe('Tidak ada, semua sudah terkirim');
  expect(S.pendingCount(100_000)).toBe('100.000 perubahan');
  expect(S.syncDone(2_500, 1_250, 0)).toBe(
    'Sinkronisasi selesai: 2.500 perubahan dikirim, 1.250 perubahan diterima, 0 konflik menunggu keputusan.',
  );
});
