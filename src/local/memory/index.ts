// The in-memory stand-in for the Apps Script services, shared by tests, the local runner and the
// browser preview. Browser-safe: nothing here imports Node modules.

export { createServices, MemoryServices } from './services';
export type { ServiceGlobals, ServicesOptions } from './services';
export { MemorySpreadsheet, MemorySheet, MemoryRange, MemoryFilter, asMemorySheet, columnLetters } from './spreadsheet';
export type { SpreadsheetOptions } from './spreadsheet';
export { MemoryChart, MemoryChartBuilder } from './charts';
export { Clock } from './clock';
export type { ClockMode } from './clock';
export { CallCounter, Faults, GAS_ERRORS, MemoryEnv, isDate } from './env';
export type { DraftRecord, FaultSpec, MenuEntry, RecordedHtml, RecordedMenu, Realm, UiRecord } from './env';
export { MS_PER_DAY, Zone, formatJavaDate } from './zone';
export { DEFAULT_NUMBER_FORMAT, Formula, displayCell, isDateFormat, typeText } from './cells';
export type { Cell } from './cells';
