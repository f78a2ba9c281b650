// End-to-end tests in Debian's Chromium through playwright-core (see README: CHROMIUM_PATH).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 60000,
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2021' } }] },
};
