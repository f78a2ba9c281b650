// The tests StrykerJS runs against each mutant of src/core (npm run mutate): those that import
// src/core directly. The bundle, runner, gas and local tests load dist/, built before the run, so
// they would never see a mutant; the property tests take 15 s a run and are left to npm test.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/core'],
  testPathIgnorePatterns: [],
};
