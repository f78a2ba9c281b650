// What one step of the analysis leaves for the next in the document cache: the report (the small
// results the later steps write) and the analyse step's write progress. Both are keyed by the
// run's options (fingerprintOf); an entry of other options is not theirs.

import { HistoryRow, Summary, TransitionMatrix } from '../core/metrics';
import { Lang } from '../core/labels';
import { AnalysisCard } from './analysis-card';
import { AnalysisOptions } from './sales-source';

/** What the later steps need, small enough for the document cache. */
export interface Report {
  fingerprint: string;
  lang: Lang;
  summary: Summary;
  /** The report month's row, and every month's from the first sale (History from day one). */
  history: HistoryRow;
  backfill: HistoryRow[];
  transitions: TransitionMatrix;
  /** The first people to contact now (name, suggested contact) and how many in all. */
  contactsNow: { people: { name: string; contact: string }[]; total: number };
  card: AnalysisCard;
}

/** How far the analyse step got writing its tabs, for the call that goes on with it. */
export interface WriteProgress {
  fingerprint: string;
  /** resumeSignature of the analysis whose rows were written. */
  signature: string;
  /** Rows of each tab written so far (header included). */
  segments: number;
  rejected: number;
}

const REPORT_CACHE_KEY = 'analysis.report.v2';
const PROGRESS_CACHE_KEY = 'analysis.progress.v1';
/** An hour: a run's steps follow each other within seconds; a paused run is picked up within the hour. */
const CACHE_SECONDS = 3600;

/** The options that decide what a run computes (not its run id). */
export function fingerprintOf(options: AnalysisOptions): string {
  return JSON.stringify([
    options.asOf ?? '',
    options.month ?? '',
    options.lang ?? '',
    options.sheet ?? '',
    options.mapping ?? {},
    options.thresholds ?? {},
  ]);
}

export function saveReport(report: Report): void {
  const cache = CacheService.getDocumentCache();
  if (cache) cache.put(REPORT_CACHE_KEY, JSON.stringify(report), CACHE_SECONDS);
}

/** The cached report of a run with these options, or null (expired, or another run since). */
export function cachedReport(options: AnalysisOptions): Report | null {
  const cache = CacheService.getDocumentCache();
  const cached = cache ? cache.get(REPORT_CACHE_KEY) : null;
  if (!cached) return null;
  const report = JSON.parse(cached) as Report;
  return report.fingerprint === fingerprintOf(options) ? report : null;
}

export function loadProgress(): WriteProgress | null {
  const cache = CacheService.getDocumentCache();
  const raw = cache ? cache.get(PROGRESS_CACHE_KEY) : null;
  if (!raw) return null;
  try {
    const p = JSON.parse(raw) as WriteProgress;
    return typeof p.segments === 'number' && typeof p.rejected === 'number' ? p : null;
  } catch {
    return null;
  }
}

export function saveProgress(progress: WriteProgress): void {
  const cache = CacheService.getDocumentCache();
  if (cache) cache.put(PROGRESS_CACHE_KEY, JSON.stringify(progress), CACHE_SECONDS);
}

export function clearProgress(): void {
  const cache = CacheService.getDocumentCache();
  if (cache) cache.remove(PROGRESS_CACHE_KEY);
}

const LAST_CARD_KEY = 'analysis.lastCard.v1';

/**
 * The card of the last finished run, kept in the document's properties (the cache forgets within
 * hours): reopening the sidebar shows it. A card too large for one property is not kept.
 */
export function saveLastCard(card: AnalysisCard): void {
  // Properties hold at most 9 KB per value: without the longer headlines the card fits.
  for (const kept of [card, { ...card, headlines: [] }]) {
    const json = JSON.stringify(kept);
    if (utf8Bytes(json) > PROPERTY_BYTES) continue;
    PropertiesService.getDocumentProperties().setProperty(LAST_CARD_KEY, json);
    return;
  }
}

const PROPERTY_BYTES = 9000;

/** At least the UTF-8 size (a surrogate pair counts 6 bytes, not 4). */
function utf8Bytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }
  return n;
}

export function lastCard(): AnalysisCard | null {
  const raw = PropertiesService.getDocumentProperties().getProperty(LAST_CARD_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as AnalysisCard;
  } catch {
    return null;
  }
}
