// google.script.run as promises, typed by the server's own table of sidebar functions
// (src/gas/sidebar-rpc.ts; type-only imports: nothing of src/gas lands in the browser bundle).

import type { SidebarFunctionName, SidebarFunctions, StepResult } from '../gas/sidebar-rpc';

export type {
  AnalysisCard,
  AnalysisStep,
  DraftBatchResult,
  FollowUpPreview,
  SidebarSettingsInput,
  SidebarState,
} from '../gas/sidebar-rpc';

/** The step result as the client sees it: step ids are open-ended (the server may add steps). */
export type StepReply = Omit<StepResult, 'step' | 'next'> & { step: string; next: string | null };

type ServerFunctions = SidebarFunctions;

export type ServerName = SidebarFunctionName;

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
