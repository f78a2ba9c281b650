// fast-check as the test files of a mutation run see it (moduleNameMapper in
// jest.stryker.config.js): one fixed seed, so a mutant gets the same verdict in every run (with
// fast-check's random seed, hash-index.ts's mutants 39, 41, 59 and 69 changed verdict between two
// runs of 2026-12-03). npm test keeps the random seed, which explores more cases over time.
// Mapped rather than set in a setup file so that only the few files using fast-check load it.
// By path: the name 'fast-check' (even through jest.requireActual) maps back to this file.
const fc = require('../../node_modules/fast-check/lib/cjs/fast-check.js');

fc.configureGlobal({ seed: 20261203 });
module.exports = fc;
