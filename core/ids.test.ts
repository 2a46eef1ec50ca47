import { describe, expect, it } from 'vitest';
import { newId, stableId } from './ids.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId', () => {
  it('makes RFC 9562 version 7 ids carrying the current time', () => {
    const before = Date.now();
    const id = newId();
    expect(id).toMatch(UUID_V7);
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    // A burst may borrow a few milliseconds ahead, never fall behind.
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThan(Date.now() + 1000);
  });

  it('keeps a burst unique and in creation order', () => {
    const ids = Array.from({ length: 50_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids.slice(0, 100)) expect(id).toMatch(UUID_V7);
  });

  it('differs in its random part between ids of the same millisecond', () => {
    const [a, b] = [newId(), newId()];
    expect(a.slice(19)).not.toBe(b.slice(19));
  });
});

describe('stableId', () => {
  it('is the same for the same name and shaped like a v7 id', () => {
    expect(stableId('program:PKH')).toBe(stableId('program:PKH'));
    expect(stableId('program:PKH')).not.toBe(stableId('program:BPNT'));
    expect(stableId('program:PKH')).toMatch(UUID_V7);
  });
});
