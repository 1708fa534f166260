/** Credit control: positions, limits, temporary limits, hold/release, overrides (issue #4). */
export const creditContract = {};
