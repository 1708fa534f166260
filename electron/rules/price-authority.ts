/**
 * Discount authority and floor price (DOMAIN.md §2): a line whose discount from the resolved
 * price exceeds the user's authority, or whose net price is below the product's floor, needs
 * an approval by a user who holds the right. Pure; compares with integers only (no rounded %).
 */
export interface PriceCheckInput {
  /** The price the engine resolved, 分 per unit. */
  resolvedPrice: number;
  /** The price the user wants to charge, 分 per unit. */
  netPrice: number;
  /** The product's floor (its standard cost when none is set), 分 per unit. */
  floorPrice: number;
  /** The user's maximum line discount in basis points. */
  authorityBp: number;
}

export type PriceRule = 'discount_above_authority' | 'below_floor';

export interface PriceCheckResult {
  decision: 'allowed' | 'needs_approval';
  fired: PriceRule[];
  trace: { discountBp: number; authorityBp: number; floorPrice: number; netPrice: number; resolvedPrice: number };
}

export function checkPrice(i: PriceCheckInput): PriceCheckResult {
  const fired: PriceRule[] = [];
  const discount = i.resolvedPrice - i.netPrice;
  // discount / resolved > authority / 10000, cross-multiplied to stay in integers.
  if (discount > 0 && discount * 10_000 > i.authorityBp * i.resolvedPrice) fired.push('discount_above_authority');
  if (i.netPrice < i.floorPrice) fired.push('below_floor');
  const discountBp = i.resolvedPrice > 0 ? Math.ceil((discount * 10_000) / i.resolvedPrice) : 0;
  return {
    decision: fired.length ? 'needs_approval' : 'allowed',
    fired,
    trace: { discountBp, authorityBp: i.authorityBp, floorPrice: i.floorPrice, netPrice: i.netPrice, resolvedPrice: i.resolvedPrice },
  };
}
