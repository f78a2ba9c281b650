// google.script.run's rules for what crosses between the sidebar and the server (Google's reference,
// "Class google.script.run"): numbers, booleans, strings, null, and objects and arrays made of them.
// A Date, a function, or another object (Map, Set, a class instance) inside an argument fails the
// call ("Failed due to illegal value in property: …"); a circular object fails too; undefined in an
// array becomes null and an undefined property is left out. Return values follow the same rules.

export class ScriptRunError extends TypeError {}

/** A copy of `value` as it arrives on the other side, or a ScriptRunError as Google's client throws. */
export function overScriptRun(value: unknown): unknown {
  const seen = new Set<object>();
  const copy = (v: unknown, key: string): unknown => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (v === undefined) return undefined;
    if (typeof v !== 'object') throw new ScriptRunError(`Failed due to illegal value in property: ${key}`);
    const proto = Object.getPrototypeOf(v) as unknown;
    const isArray = Array.isArray(v);
    // Plain objects of any realm (a vm's result has its own Object.prototype).
    const plain = isArray || proto === null || Object.getPrototypeOf(proto) === null;
    if (!plain || Object.prototype.toString.call(v) !== (isArray ? '[object Array]' : '[object Object]'))
      throw new ScriptRunError(`Failed due to illegal value in property: ${key}`);
    if (seen.has(v)) throw new ScriptRunError('Failed due to circular reference.');
    seen.add(v);
    let out: unknown;
    if (isArray) out = (v as unknown[]).map((item, i) => copy(item, String(i)) ?? null);
    else {
      const o: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) {
        const c = copy(item, k);
        if (c !== undefined) o[k] = c;
      }
      out = o;
    }
    seen.delete(v);
    return out;
  };
  return copy(value, '0');
}
