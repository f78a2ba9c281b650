// Unit and integration tests. The bundle tests load dist/, which `npm test` builds first.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/test/browser/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2021' } }] },
  // d3-dsv's entry is an ES module; its UMD build loads under Jest's CommonJS (esbuild bundles the ES one).
  moduleNameMapper: { '^d3-dsv$': '<rootDir>/node_modules/d3-dsv/dist/d3-dsv.js' },
};
