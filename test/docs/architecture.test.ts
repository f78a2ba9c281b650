// ARCHITECTURE.md stays true: every file it names exists, every name a recipe points at is in the
// files that recipe line names, and every import keeps to the rules of the rooms.

import fs from 'fs';
import path from 'path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const guide = fs.readFileSync(path.join(ROOT, 'ARCHITECTURE.md'), 'utf8');

const PATH = /^(?:src|test|docs|scripts|bench)\/[\w./-]*$|^[\w-]+\.(?:md|json)$/;
const ticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

function filesUnder(p: string): string[] {
  const full = path.join(ROOT, p);
  if (!fs.existsSync(full)) return []; // reported by the test of paths
  if (!fs.statSync(full).isDirectory()) return [full];
  return fs.readdirSync(full, { recursive: true, encoding: 'utf8' }).map((f) => path.join(full, f));
}

test('every path the guide names exists', () => {
  const missing = ticked(guide)
    .filter((t) => PATH.test(t))
    .filter((p) => !fs.existsSync(path.join(ROOT, p)));
  expect(missing).toEqual([]);
});

test("every name a recipe line points at is in that line's files", () => {
  const recipes = guide.slice(guide.indexOf('## Recipes'));
  const lost: string[] = [];
  for (const line of recipes.split(/\n(?=- )/)) {
    const words = ticked(line);
    const files = words.filter((w) => PATH.test(w)).flatMap(filesUnder);
    const text = files.map((f) => (fs.statSync(f).isFile() ? fs.readFileSync(f, 'utf8') : '')).join('\n');
    for (const name of words.filter((w) => /^[A-Za-z_]\w*$/.test(w) && !PATH.test(w)))
      if (!new RegExp(`\\b${name}\\b`).test(text)) lost.push(`${name} (${line.slice(0, 60).trim()}…)`);
  }
  expect(lost).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// The rooms

type Room = 'core' | 'gas' | 'sidebar' | 'local';
/** Rooms each room may import values from; `types` may be imported as types only. */
const MAY_IMPORT: Record<Room, { values: Room[]; types: Room[]; packages: boolean }> = {
  core: { values: ['core'], types: ['core'], packages: false },
  gas: { values: ['core', 'gas'], types: ['core', 'gas'], packages: false },
  sidebar: { values: ['core', 'sidebar'], types: ['core', 'sidebar', 'gas'], packages: false },
  local: { values: ['core', 'local'], types: ['core', 'local', 'gas'], packages: true },
};

function importsOf(file: string): { target: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const found: { target: string; typeOnly: boolean }[] = [];
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const allTypes =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      found.push({ target: node.moduleSpecifier.text, typeOnly: allTypes });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ target: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    }
  }
  return found;
}

test('each room imports only what the guide allows', () => {
  const broken: string[] = [];
  for (const room of Object.keys(MAY_IMPORT) as Room[]) {
    const rule = MAY_IMPORT[room];
    for (const file of filesUnder(`src/${room}`).filter((f) => f.endsWith('.ts'))) {
      for (const { target, typeOnly } of importsOf(file)) {
        const where = `${path.relative(ROOT, file)} → ${target}`;
        if (!target.startsWith('.')) {
          if (!rule.packages) broken.push(where);
          continue;
        }
        const to = path.relative(path.join(ROOT, 'src'), path.resolve(path.dirname(file), target)).split(path.sep)[0];
        const allowed = typeOnly ? rule.types : rule.values;
        if (!allowed.includes(to as Room)) broken.push(`${where}${typeOnly ? ' (types)' : ''}`);
      }
    }
  }
  expect(broken).toEqual([]);
});
