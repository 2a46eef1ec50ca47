import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonicalJson.ts';

/** The definition the audit chain was written with: copy every object with its keys sorted. */
function reference(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) {
        const x = (v as Record<string, unknown>)[key];
        if (x !== undefined) out[key] = sort(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['nik', 'name', 'new', 'old', 'a', 'B', '10', '9', 'ä', 'z z', '', 'id_1', 'id_10'];
const LEAVES = [
  null,
  undefined,
  0,
  -0,
  1.5,
  NaN,
  Infinity,
  '',
  'Siti "Ani"\n',
  true,
  false,
  '3579010101400001',
];

function value(next: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const roll = next();
  if (depth > 3 || roll < 0.4) return pick(LEAVES);
  if (roll < 0.5) return new Date(Date.UTC(2026, 10, 28));
  if (roll < 0.65) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  const keys = [...KEYS].sort(() => next() - 0.5).slice(0, Math.floor(next() * 6));
  // Often already in order, as the audit trail builds them, so both paths are exercised.
  if (next() < 0.5) keys.sort();
  const object: Record<string, unknown> = next() < 0.1 ? Object.create(null) : {};
  for (const key of keys) object[key] = value(next, depth + 1);
  return object;
}

describe('canonical JSON', () => {
  it('gives the bytes of the sorted copy for any value, in order or not', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const v = value(random(seed), 0);
      expect(canonicalJson(v), `seed ${seed}`).toBe(reference(v));
    }
  });

  it('sorts what is out of order, at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}',
    );
    expect(canonicalJson({ name: { new: 'Siti', old: null } })).toBe('{"name":{"new":"Siti","old":null}}');
  });
});
