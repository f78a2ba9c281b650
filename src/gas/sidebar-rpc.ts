// The contract between the sidebar and the server: the functions the sidebar calls through
// google.script.run, in one table. The sidebar takes its types from this table (a type-only
// import, so nothing of src/gas reaches the browser): a changed parameter or result here is a
// type error in the sidebar, and the entry list (main.ts) gives each of them its stub.
// Everything crosses as JSON: parameters and results are plain data, errors their message only.

import { runAnalysisStep } from './analysis-run';
import { withUserMessages } from './errors';
import { createDraftBatch, followUpPreview } from './followups';
import { AnalysisOptions } from './sales-source';
import { activateTab, saveSidebarSettings, sidebarState } from './sidebar-api';

export const SIDEBAR_FUNCTIONS = {
  sidebarState: withUserMessages(sidebarState),
  saveSidebarSettings: withUserMessages(saveSidebarSettings),
  /** A step id is text from the client: the server checks it (a sidebar loaded before a deploy may be behind). */
  analysisStep: withUserMessages((step: string, options?: AnalysisOptions) => runAnalysisStep(step, options ?? {})),
  activateTab: withUserMessages(activateTab),
  followUpPreview: withUserMessages(followUpPreview),
  createDraftBatch: withUserMessages(createDraftBatch),
};

export type SidebarFunctions = typeof SIDEBAR_FUNCTIONS;
export type SidebarFunctionName = keyof SidebarFunctions;

// The types the sidebar reads in the results.
export type { AnalysisCard } from './analysis-card';
export type { StepResult } from './analysis-run';
export type { AnalysisStep } from './analysis-steps';
export type { DraftBatchRequest, DraftBatchResult, FollowUpPreview } from './followups';
export type { AnalysisOptions } from './sales-source';
export type { SidebarSettingsInput, SidebarState } from './sidebar-api';
