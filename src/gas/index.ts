// The bundle's only export: the entry points by name. The build wraps this module as the global
// `AddOn` and generates one top-level stub per entry point.

import { ENTRY_POINTS, EntryPoint } from './main';

export { ENTRY_POINTS };

/** The functions of a list of entry points by name (the stubs call them as `AddOn.entry.<name>`). */
export function entriesOf(points: EntryPoint[]): Record<string, (...args: unknown[]) => unknown> {
  const entries: Record<string, (...args: unknown[]) => unknown> = {};
  for (const point of points) entries[point.name] = point.fn as (...args: unknown[]) => unknown;
  return entries;
}

export const entry = entriesOf(ENTRY_POINTS);
