// What ships is ES2019, mimetext included: Google does not publish Apps Script's V8 version, so the
// bundle must parse as ES2019 and run where the built-ins newer than ES2019 do not exist. The
// loader deletes them from every context (NEWER_BUILTINS), so every bundle test runs that way;
// this file checks the parse, that they are really gone, and the paths that used to need them.
import fs from 'fs';
import vm from 'vm';
import { parse } from 'acorn';
import { createServices } from '../../src/local/memory';
import { fromVm, loadBundle, NEWER_BUILTINS } from '../../src/local/bundle';
import { AS_OF, draftAll, shop } from '../hardening/shop';

const CODE = fs.readFileSync('dist/Code.js', 'utf8');

test('dist/Code.js parses as an ES2019 script (no class fields, ??, ?. or newer syntax)', () => {
  expect(() => parse(CODE, { ecmaVersion: 2019, sourceType: 'script' })).not.toThrow();
});

test('the parse check refuses what ES2019 lacks', () => {
  for (const source of ['a ?? b', 'a?.b', 'class A { x = 1 }', '1n'])
    expect(() => parse(source, { ecmaVersion: 2019, sourceType: 'script' })).toThrow();
});

test('the bundle runs where the newer built-ins are missing', () => {
  const ss = shop();
  const bundle = loadBundle({ services: createServices({ spreadsheet: ss }) });
  const context = bundle.context;
  for (const path of NEWER_BUILTINS.filter((p) => p !== 'globalThis.globalThis'))
    expect([path, inContext(context, `typeof ${path.replace('globalThis.', 'this.')}`)]).toEqual([path, 'undefined']);
  expect(inContext(context, 'typeof globalThis')).toBe('undefined');

  // A draft: mimetext parses each address (it called Object.hasOwn per address).
  const batch = draftAll(ss);
  expect(batch.failed).toBe(0);
  expect(batch.created).toBeGreaterThan(0);

  const table = fromVm(ss.inspect(() => ss.sheet('売上').getDataRange().getValues()));
  const asOf = new Date(Date.UTC(2026, 10, 19, 15)); // 2026-11-20 in Tokyo
  expect(AS_OF).toBe('2026-11-20');
  const fresh = () => loadBundle({ services: createServices({ spreadsheet: ss }) });
  expect(fresh().customFunction('CUSTOMER_STAGE', '00123', table, asOf)).toBe('新規客');
  expect(fromVm(fresh().customFunction('CUSTOMER_SEGMENT', [['00123']], table, asOf))).toEqual([['初回客']]);
  expect(typeof fresh().customFunction('REPEAT_RATE', table, '', '', 90, asOf)).toBe('number');
});

function inContext(context: vm.Context, code: string): unknown {
  return vm.runInContext(code, context);
}
