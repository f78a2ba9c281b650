// The settings part of the sidebar: the sales sheet, the detected columns (one select per field)
// and the thresholds. Thresholds are checked with the same rules the server applies
// (core/settings), so a mistake is shown next to its field before anything is sent.

import { FIELDS, Field, ColumnMapping, hasCustomerColumn } from '../core/columns';
import { normalizeHeader } from '../core/headers';
import { Lang } from '../core/labels';
import { MESSAGE_TEXT } from '../core/messages';
import { SettingsError, SettingsProblem, ThresholdKey, Thresholds, resolveThresholds } from '../core/settings';
import type { SidebarSettingsInput, SidebarState } from './server';
import { FieldErrors, fill, h } from './dom';
import { thresholdLabel } from '../core/settings-messages';
import { fieldLabel, SIDEBAR_TEXT } from './words';

/** Date and amount cannot be removed (core/headers); every other field may be "(none)". */
const REQUIRED_FIELDS: readonly Field[] = ['date', 'amount'];

export interface SettingsHandlers {
  /** The owner picked another sales sheet: its columns must be detected afresh. */
  sheetChanged(sheet: string): void;
  /** Forget the owner's column choices and detect again. */
  resetColumns(): void;
}

export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** The fields given a column, as core/columns counts them. */
function mappingOf(selected: Record<Field, number | null>): ColumnMapping {
  const found: ColumnMapping = {};
  for (const field of FIELDS) if (selected[field] !== null) found[field] = selected[field] as number;
  return found;
}

/** 日付・金額 in Japanese; the date and the amount / the date, the customer and the amount in English. */
function listOf(lang: Lang, items: string[]): string {
  if (lang === 'ja' || items.length < 2) return items.join('・');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export class SettingsForm {
  private lang: Lang = 'ja';
  private state: SidebarState | null = null;
  /** Only a mapping the owner touched is sent: otherwise detection (and earlier choices) stand. */
  private mappingTouched = false;
  private readonly selects = new Map<Field, HTMLSelectElement>();
  private readonly errors = new FieldErrors();
  private readonly inputs = new Map<ThresholdKey, HTMLInputElement>();
  private disabled = false;
  private readonly sheetPart = h('div', { class: 'field' });
  private readonly columnsTitle = h('summary', { 'data-testid': 'columns-summary' });
  private readonly columnsPart = h('div', { id: 'columns' });
  private readonly columnsSection = h('details', { id: 'columns-section' }, this.columnsTitle, this.columnsPart);
  /** Beside the run button: what the owner must still choose before a run can work. */
  readonly runHint = h('p', { class: 'hint', id: 'run-hint', 'data-testid': 'run-hint', hidden: true });
  private readonly settingsTitle = h('summary');
  private readonly settingsPart = h('div', { id: 'thresholds' });

  constructor(
    root: HTMLElement,
    private readonly handlers: SettingsHandlers,
  ) {
    fill(
      root,
      this.sheetPart,
      this.columnsSection,
      h('details', { id: 'settings-section' }, this.settingsTitle, this.settingsPart),
    );
  }

  /** Shows a state from the server. Threshold inputs are built once, so unsaved edits survive a sheet change. */
  render(state: SidebarState): void {
    this.lang = state.lang;
    this.state = state;
    this.mappingTouched = false;
    this.settingsTitle.textContent = SIDEBAR_TEXT(this.lang, 'settings');
    this.renderSheet(state);
    this.renderColumns(state);
    if (this.inputs.size === 0) this.renderSettings(state);
    // A state shown mid-run (after saving) must stay locked until the run ends.
    this.setDisabled(this.disabled);
  }

  private renderSheet(state: SidebarState): void {
    const lang = this.lang;
    const select = h('select', { id: 'sales-sheet', 'data-testid': 'sales-sheet' });
    if (state.salesSheet === null)
      select.append(h('option', { value: '', selected: true, disabled: true }, SIDEBAR_TEXT(lang, 'chooseSheet')));
    for (const name of state.sheets)
      select.append(h('option', { value: name, selected: name === state.salesSheet }, name));
    select.addEventListener('change', () => this.handlers.sheetChanged(select.value));
    const problem = state.problem
      ? h(
          'p',
          { class: 'field-error', 'data-testid': 'sheet-problem' },
          state.headers.length > 0
            ? SIDEBAR_TEXT(lang, 'pickColumns')
            : state.problem === 'no_sales_sheet' || state.problem === 'sales_sheet_reserved'
              ? MESSAGE_TEXT(lang, state.problem, { sheet: state.salesSheet ?? '' })
              : SIDEBAR_TEXT(lang, 'sheetProblem'),
        )
      : null;
    fill(this.sheetPart, h('label', { for: 'sales-sheet' }, SIDEBAR_TEXT(lang, 'salesSheet')), select, problem);
  }

  /**
   * Detected columns fold into one ✓ line the owner may open; columns not recognised stay open,
   * offering the sheet's headers so the owner picks date, customer and amount by hand.
   */
  private renderColumns(state: SidebarState): void {
    const lang = this.lang;
    this.selects.clear();
    for (const key of [...this.errors.slots.keys()]) if (key.startsWith('map-')) this.errors.slots.delete(key);
    const detected = state.problem === null && state.headers.length > 0;
    this.columnsTitle.textContent = SIDEBAR_TEXT(lang, detected ? 'columnsRead' : 'columns');
    this.columnsSection.open = !detected;
    this.columnsSection.classList.toggle('read', detected);
    const reset = h(
      'button',
      { type: 'button', class: 'link', 'data-testid': 'reset-columns' },
      SIDEBAR_TEXT(lang, 'resetColumns'),
    );
    reset.addEventListener('click', () => this.handlers.resetColumns());
    if (state.headers.length === 0) {
      fill(this.columnsPart, state.problem ? reset : null);
      this.showRunHint();
      return;
    }
    const needsCustomer = !hasCustomerColumn(mappingOf(state.mapping));
    const rows = FIELDS.map((field) => {
      const select = h('select', { id: `map-${field}`, 'data-testid': `map-${field}`, 'data-field': field });
      const current = state.mapping[field];
      // Customer may stay empty when email or name parts stand in, but is asked for first.
      if ((REQUIRED_FIELDS.includes(field) || (field === 'customer' && needsCustomer)) && current === null)
        select.append(h('option', { value: '', selected: true, disabled: true }, SIDEBAR_TEXT(lang, 'choose')));
      if (!REQUIRED_FIELDS.includes(field))
        select.append(
          h('option', { value: '', selected: current === null && !needsCustomer }, SIDEBAR_TEXT(lang, 'none')),
        );
      state.headers.forEach((header, index) => {
        const letter = columnLetter(index);
        const text = header.trim() ? `${letter}: ${header}` : SIDEBAR_TEXT(lang, 'column', { letter });
        select.append(h('option', { value: String(index), selected: current === index }, text));
      });
      select.addEventListener('change', () => this.columnChanged(field));
      this.selects.set(field, select);
      const error = this.errors.slot(`map-${field}`);
      return h(
        'div',
        { class: 'map-row' },
        h('label', { for: `map-${field}` }, fieldLabel(lang, field)),
        select,
        error,
      );
    });
    const help = SIDEBAR_TEXT(lang, detected ? 'columnsHelp' : 'pickColumnsHelp');
    fill(this.columnsPart, h('p', { class: 'muted' }, help), ...rows, reset);
    this.showRunHint();
  }

  /**
   * What keeps a run from working, in the owner's words: no sales sheet, or the date, customer or
   * amount column not chosen yet. Null when nothing is missing.
   */
  runBlocker(): string | null {
    const lang = this.lang;
    if (!this.state) return null;
    if (!this.state.salesSheet) return SIDEBAR_TEXT(lang, 'runNeedsSheet');
    if (this.selects.size === 0) return null; // the sheet's own problem is shown above
    const mapping = this.currentMapping();
    const missing: string[] = [];
    if (mapping.date === null) missing.push(SIDEBAR_TEXT(lang, 'need_date'));
    if (!hasCustomerColumn(mappingOf(mapping))) missing.push(SIDEBAR_TEXT(lang, 'need_customer'));
    if (mapping.amount === null) missing.push(SIDEBAR_TEXT(lang, 'need_amount'));
    return missing.length === 0 ? null : SIDEBAR_TEXT(lang, 'runNeeds', { fields: listOf(lang, missing) });
  }

  private showRunHint(): void {
    const text = this.runBlocker();
    this.runHint.textContent = text ?? '';
    this.runHint.hidden = text === null;
  }

  private renderSettings(state: SidebarState): void {
    const lang = this.lang;
    // The shop name and the other follow-up settings live in the follow-ups panel, where they are used.
    const fields: HTMLElement[] = [];
    // The keys of the defaults are the list of thresholds: no second list to keep in step.
    for (const key of Object.keys(state.defaults) as ThresholdKey[]) {
      const value = state.thresholds[key];
      const fallback = state.defaults[key];
      const input = h('input', {
        // The VIP share takes "20%" too, which a number field would refuse.
        type: key === 'vipShare' ? 'text' : 'number',
        id: `th-${key}`,
        'data-testid': `th-${key}`,
        step: 'any',
        inputmode: 'decimal',
        value: value === null ? '' : String(value),
        placeholder: fallback === null ? SIDEBAR_TEXT(lang, 'spendLineEmpty') : String(fallback),
        'aria-describedby': `th-${key}-error`,
      });
      // On input, not change: a message appearing on blur would shift the Run button under the pointer.
      input.addEventListener('input', () => this.checkThresholds());
      this.inputs.set(key, input);
      const hint = key === 'vipShare' ? h('p', { class: 'hint' }, SIDEBAR_TEXT(lang, 'vipShareHint')) : null;
      fields.push(
        h(
          'div',
          { class: 'field' },
          h('label', { for: `th-${key}` }, thresholdLabel(lang, key)),
          input,
          hint,
          this.errors.slot(`th-${key}`),
        ),
      );
    }
    fill(this.settingsPart, ...fields);
  }

  /** A column belongs to one field: picking it for one field takes it from the other (as the server does). */
  private columnChanged(field: Field): void {
    this.mappingTouched = true;
    const value = this.selects.get(field)?.value ?? '';
    if (value !== '') {
      for (const [other, select] of this.selects) {
        if (other !== field && select.value === value && !REQUIRED_FIELDS.includes(other)) select.value = '';
      }
    }
    this.checkColumns();
    this.showRunHint();
  }

  private currentMapping(): Record<Field, number | null> {
    const mapping = {} as Record<Field, number | null>;
    for (const [field, select] of this.selects) mapping[field] = select.value === '' ? null : Number(select.value);
    return mapping;
  }

  /** Shows each column problem next to its field; true when there is none. */
  private checkColumns(): boolean {
    if (this.selects.size === 0) return true;
    const lang = this.lang;
    const mapping = this.currentMapping();
    const problems = new Map<Field, string>();
    for (const field of REQUIRED_FIELDS)
      if (mapping[field] === null) problems.set(field, SIDEBAR_TEXT(lang, 'required'));
    if (!hasCustomerColumn(mappingOf(mapping))) problems.set('customer', SIDEBAR_TEXT(lang, 'required'));
    FIELDS.forEach((field, i) => {
      const twin = FIELDS.slice(0, i).find((other) => mapping[other] !== null && mapping[other] === mapping[field]);
      if (twin) problems.set(field, SIDEBAR_TEXT(lang, 'sameColumn', { other: fieldLabel(lang, twin) }));
    });
    for (const field of FIELDS) this.errors.show(`map-${field}`, problems.get(field) ?? null);
    return problems.size === 0;
  }

  /** Validates the thresholds as the server will; returns them (null when invalid, with messages shown). */
  private checkThresholds(): Thresholds | null {
    const raw: Partial<Record<ThresholdKey, string>> = {};
    for (const [key, input] of this.inputs) {
      // A number input reports unreadable text as an empty value: keep it from meaning "default".
      raw[key] = input.validity.badInput ? 'NaN' : input.value.trim();
    }
    let problems: SettingsProblem[] = [];
    let resolved: Thresholds | null = null;
    try {
      resolved = resolveThresholds(raw);
    } catch (e) {
      if (!(e instanceof SettingsError)) throw e;
      problems = e.problems;
    }
    const lang = this.lang;
    for (const key of this.inputs.keys()) {
      const problem = problems.find((p) => p.key === key);
      const message = problem
        ? SIDEBAR_TEXT(lang, problem.code, problem.other ? { other: thresholdLabel(lang, problem.other) } : {})
        : null;
      this.errors.show(`th-${key}`, message);
    }
    return resolved;
  }

  /** The settings to save, or null when something is invalid (each problem shown at its field). */
  read(): SidebarSettingsInput | null {
    const columnsOk = this.checkColumns();
    const resolved = this.checkThresholds();
    if (!columnsOk || !resolved || !this.state) return null;
    const defaults = this.state.defaults;
    // Values equal to the defaults are left out, so they follow the defaults if those change.
    const thresholds: Partial<Record<ThresholdKey, number | null>> = {};
    for (const key of Object.keys(defaults) as ThresholdKey[])
      if (resolved[key] !== defaults[key]) thresholds[key] = resolved[key];
    const input: SidebarSettingsInput = { thresholds };
    if (this.state.salesSheet) input.salesSheet = this.state.salesSheet;
    if (this.mappingTouched) input.mapping = this.mappingToSave();
    return input;
  }

  /**
   * Header texts survive re-exports that move columns. The server matches them normalised (leftmost
   * first), so a header that is empty or not unique once normalised is saved as its index.
   */
  private mappingToSave(): Record<Field, string | number | null> {
    const normalized = (this.state?.headers ?? []).map(normalizeHeader);
    const mapping = {} as Record<Field, string | number | null>;
    for (const [field, index] of Object.entries(this.currentMapping()) as [Field, number | null][]) {
      if (index === null) mapping[field] = null;
      else {
        const key = normalized[index];
        const unique = key !== '' && normalized.indexOf(key) === normalized.lastIndexOf(key);
        mapping[field] = unique ? this.state!.headers[index] : index;
      }
    }
    return mapping;
  }

  /** Opens the section of the first field with a problem and focuses it. */
  focusFirstProblem(): void {
    for (const [id, el] of this.errors.slots) {
      if (el.hidden) continue;
      const control = document.getElementById(id);
      const details = control?.closest('details');
      if (details) details.open = true;
      control?.focus();
      return;
    }
  }

  setDisabled(disabled: boolean): void {
    this.disabled = disabled;
    for (const el of [...this.selects.values(), ...this.inputs.values()]) el.disabled = disabled;
    const sheet = document.getElementById('sales-sheet') as HTMLSelectElement | null;
    if (sheet) sheet.disabled = disabled;
  }
}
