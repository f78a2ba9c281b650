// The bundle's only export: the entry points by name. The build wraps this module as the global
// `AddOn` and generates one top-level stub per entry point.

import { ENTRY_POINTS } from './main';

export { ENTRY_POINTS };

export const entry: Record<string, (...args: unknown[]) => unknown> = {};
for (const point of ENTRY_POINTS) entry[point.name] = point.fn as (...args: unknown[]) => unknown;
