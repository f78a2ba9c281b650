// Settings live in the document's properties, so everyone editing the sheet shares them. They are
// stored as given and validated on every read: a bad value is reported, never silently used.

import { MappingOverride } from '../core/analysis';
import { ThresholdKey } from '../core/settings';

const KEY = 'settings.v1';

export interface StoredSettings {
  thresholds: Partial<Record<ThresholdKey, unknown>>;
  mapping: MappingOverride;
  /** Name of the sales sheet the owner picked; '' to detect it. */
  salesSheet: string;
  /** Shop name: signs follow-up emails and is their sender's name. Drafting is refused while empty. */
  shopName: string;
  /** The person writing ({{sender}}); may be empty. */
  senderName: string;
  /** Lines under the closing ({{signature}}); may be empty. */
  signature: string;
  followUps: Record<string, unknown>;
}

export const EMPTY_SETTINGS: StoredSettings = {
  thresholds: {},
  mapping: {},
  salesSheet: '',
  shopName: '',
  senderName: '',
  signature: '',
  followUps: {},
};

export function loadSettings(): StoredSettings {
  const raw = PropertiesService.getDocumentProperties().getProperty(KEY);
  if (!raw) return { ...EMPTY_SETTINGS };
  try {
    return { ...EMPTY_SETTINGS, ...(JSON.parse(raw) as Partial<StoredSettings>) };
  } catch {
    return { ...EMPTY_SETTINGS };
  }
}

export function saveSettings(settings: StoredSettings): void {
  PropertiesService.getDocumentProperties().setProperty(KEY, JSON.stringify(settings));
}
