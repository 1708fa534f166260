/** Price lists, pricing.quote with trace, governance, ABC grading (issue #3). */
export const pricingHandlers = {};
