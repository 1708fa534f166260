/**
 * Order line arithmetic shared by main (the amounts stored) and the order editor (the amounts
 * shown while typing), so both agree to the 分. Integers only; BigInt where a product could pass
 * 2^53. Prices and amounts are tax-inclusive; quantities are thousandths.
 */

const halfUp = (n: bigint, d: bigint): bigint => {
  const q = n / d;
  return 2n * (n - q * d) >= d ? q + 1n : q;
};

/** price (分) × quantity (thousandths) / 1000, half-up once. */
export function lineAmountOf(price: number, qtyMilli: number): number {
  return Number(halfUp(BigInt(price) * BigInt(qtyMilli), 1000n));
}

/** Tax contained in a tax-inclusive amount: amount × rate / (1 + rate), half-up once. */
export function taxOf(amount: number, rateBp: number): number {
  if (rateBp === 0) return 0;
  return Number(halfUp(BigInt(amount) * BigInt(rateBp), BigInt(10_000 + rateBp)));
}

/** resolved × (1 − bp / 10000), half-up once. */
export function discounted(resolved: number, bp: number): number {
  return Number(halfUp(BigInt(resolved) * BigInt(10_000 - bp), 10_000n));
}
