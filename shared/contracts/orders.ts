/** Sales orders: drafts, line editor, lifecycle (issue #4). */
export const ordersContract = {};
