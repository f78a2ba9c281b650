// End-to-end tests in Debian's Chromium through playwright-core (see README: CHROMIUM_PATH).
// Transform and module mapping as the unit tests' config, so the two cannot drift apart.
const unit = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 60000,
  transform: unit.transform,
  moduleNameMapper: unit.moduleNameMapper,
};
