/** Sales analysis over sales_facts (issue #3). */
export const analysisHandlers = {};
