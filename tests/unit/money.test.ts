import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyBasisPoints, cents, divRoundHalfUp, parseMajorUnits, splitByWeights } from '../../shared/money';

describe('money', () => {
  it.each([
    [5, 2, 3],
    [-5, 2, -3],
    [4, 2, 2],
    [1, 3, 0],
    [2, 3, 1],
    [149, 100, 1],
    [150, 100, 2],
    [-150, 100, -2],
    [-149, 100, -1],
  ])('divRoundHalfUp(%i, %i) = %i', (n, d, q) => {
    expect(divRoundHalfUp(n, d)).toBe(q);
  });

  it('refuses floats and division by zero', () => {
    expect(() => divRoundHalfUp(1.5, 2)).toThrow(RangeError);
    expect(() => divRoundHalfUp(1, 0)).toThrow(RangeError);
    expect(() => cents(0.1)).toThrow(RangeError);
    expect(() => cents(2 ** 53)).toThrow(RangeError);
  });

  it.each([
    ['1234.5', 123450],
    ['0.305', 31],
    ['0.304', 30],
    ['-0.305', -31],
    ['12', 1200],
    [' 7.01 ', 701],
    ['0.005', 1],
  ])('parseMajorUnits(%s) = %i', (text, expected) => {
    expect(parseMajorUnits(text)).toBe(expected);
  });

  it.each(['1,234.50', '１２３４．５０', '(1,234.50)', '', 'abc', '1e3', '.5'])('parseMajorUnits refuses %j', (text) => {
    expect(() => parseMajorUnits(text)).toThrow(RangeError);
  });

  it('applies basis points with one half-up rounding', () => {
    expect(applyBasisPoints(cents(999), 500)).toBe(50); // 49.95 → 50
    expect(applyBasisPoints(cents(1000), 333)).toBe(33);
  });

  it('splits exactly, residue to the largest weight', () => {
    expect(splitByWeights(cents(100), [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitByWeights(cents(100), [1, 2, 1])).toEqual([25, 50, 25]);
    expect(splitByWeights(cents(10), [0, 0])).toEqual([10, 0]);
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 30 }), (total, weights) => {
        const parts = splitByWeights(cents(total), weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(parts.every(Number.isSafeInteger)).toBe(true);
      }),
    );
  });
});
