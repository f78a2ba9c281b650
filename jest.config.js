// Unit and integration tests. The bundle tests load dist/, which `npm test` builds first.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/test/browser/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2021' } }] },
};
