import { describe, expect, it } from 'vitest';
import { Rng, WeightedPicker } from './prng.ts';

describe('Rng', () => {
  it('repeats its sequence for a seed and differs between adjacent seeds', () => {
    const a = new Rng(1);
    const b = new Rng(1);
    const c = new Rng(2);
    const sa = Array.from({ length: 20 }, () => a.u32());
    expect(Array.from({ length: 20 }, () => b.u32())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.u32())).not.toEqual(sa);
  });

  it('draws integers over the whole inclusive range, roughly uniformly', () => {
    const rng = new Rng(3);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) {
      const v = rng.int(1, 6);
      counts[v - 1] = (counts[v - 1] ?? 0) + 1;
    }
    for (const n of counts) expect(Math.abs(n - 10_000)).toBeLessThan(500);
  });

  it('formats version-4 UUIDs', () => {
    const rng = new Rng(4);
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = rng.uuid();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(1000);
  });

  it('refuses a seed that is not a finite number', () => {
    expect(() => new Rng(Number.NaN)).toThrow(/seed/);
  });
});

describe('WeightedPicker', () => {
  it('picks in proportion to the weights and never a zero-weight item', () => {
    const picker = WeightedPicker.of<string>([['a', 1], ['b', 3], ['never', 0]]);
    const rng = new Rng(5);
    let b = 0;
    for (let i = 0; i < 40_000; i++) {
      const v = picker.pick(rng);
      expect(v).not.toBe('never');
      if (v === 'b') b++;
    }
    expect(Math.abs(b / 40_000 - 0.75)).toBeLessThan(0.02);
  });

  it('rejects empty, mismatched or all-zero weights', () => {
    expect(() => new WeightedPicker([], [])).toThrow();
    expect(() => new WeightedPicker(['a'], [1, 2])).toThrow();
    expect(() => new WeightedPicker(['a'], [0])).toThrow(/zero/);
    expect(() => new WeightedPicker(['a'], [-1])).toThrow(/non-negative/);
  });
});
