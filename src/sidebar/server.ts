// google.script.run as promises, typed with the server's own types (type-only imports: nothing of
// src/gas lands in the browser bundle).

import type { AnalysisCard } from '../gas/analysis-run';
import type { AnalysisOptions } from '../gas/sales-source';
import type { DraftBatchRequest, DraftBatchResult, FollowUpPreview } from '../gas/followups';
import type { SidebarSettingsInput, SidebarState } from '../gas/sidebar-api';

export type { DraftBatchResult, FollowUpPreview };

/** The step result as the client sees it: step ids are open-ended (the server may add steps). */
export interface StepReply {
  step: string;
  next: string | null;
  card: AnalysisCard;
  /** The run this step belongs to: sent back with the later steps (and with a retry). */
  runId?: string;
}

interface ServerFunctions {
  sidebarState(): SidebarState;
  saveSidebarSettings(settings: SidebarSettingsInput): SidebarState;
  analysisStep(step: string, options: AnalysisOptions): StepReply;
  activateTab(sheetName: string): unknown;
  followUpPreview(options: AnalysisOptions): FollowUpPreview;
  createDraftBatch(request: DraftBatchRequest): DraftBatchResult;
}

export type ServerName = keyof ServerFunctions;

type Handler = (value: unknown, userObject?: unknown) => void;
interface Runner {
  withSuccessHandler(handler: Handler): Runner;
  withFailureHandler(handler: Handler): Runner;
  [name: string]: unknown;
}
declare const google: { script: { run: Runner } } | undefined;

/** The server has no such function (not deployed yet): features using it hide themselves. */
export class MissingFunctionError extends Error {
  constructor(readonly functionName: string) {
    super(`Script function not found: ${functionName}`);
    this.name = 'MissingFunctionError';
  }
}

// Apps Script's own wording when a function disappeared after the page was loaded.
const NOT_FOUND = /^Script function not found/i;

function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

/** Apps Script gives google.script.run a method per server function: a feature can ask before showing itself. */
export function hasServerFunction(name: ServerName): boolean {
  return typeof google !== 'undefined' && typeof google.script.run[name] === 'function';
}

export function callServer<N extends ServerName>(
  name: N,
  ...args: Parameters<ServerFunctions[N]>
): Promise<ReturnType<ServerFunctions[N]>> {
  return new Promise((resolve, reject) => {
    const base = typeof google === 'undefined' ? undefined : google.script.run;
    if (!base) return reject(new MissingFunctionError(name));
    const runner = base
      .withSuccessHandler((value) => resolve(value as ReturnType<ServerFunctions[N]>))
      .withFailureHandler((error) => {
        const message = messageOf(error);
        reject(NOT_FOUND.test(message) ? new MissingFunctionError(name) : new Error(message));
      });
    const fn = runner[name];
    if (typeof fn !== 'function') return reject(new MissingFunctionError(name));
    fn.apply(runner, args);
  });
}
