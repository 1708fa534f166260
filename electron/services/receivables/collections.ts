/** Issue #5 collections: handlers of shared/contracts/collections.ts. */
export const collectionsHandlers = {};
