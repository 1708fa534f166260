/** Price lists, the pricing engine, governance, ABC grading (issue #3). */
export const pricingContract = {};
