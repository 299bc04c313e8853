// Shared vitest settings: tests read sibling packages' TypeScript sources through the
// `source` export condition, so they never wait for a build. Setting ssr conditions
// replaces Vite's defaults, so the defaults are listed again.
export const sourceConditions = ['source', 'module', 'node', 'development|production'];
