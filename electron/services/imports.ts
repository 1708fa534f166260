/** Imports with mapping presets, preview, per-row errors, progress and cancel (issue #3). */
export const importsHandlers = {};
