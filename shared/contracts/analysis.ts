/** Sales analysis over the one sales fact (issue #3). */
export const analysisContract = {};
