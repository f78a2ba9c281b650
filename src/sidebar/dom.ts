// A tiny element builder. Children given as strings become text nodes, so data from the sheet
// (names, headers, messages) is never parsed as HTML.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content with the given children. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from sidebar.html`);
  return el as T;
}

/** A progress bar: a track with a fill whose width is done/total. */
export function progressBar(testId: string): { el: HTMLElement; set(done: number, total: number): void } {
  const fillEl = h('div', { class: 'bar-fill' });
  const el = h('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'data-testid': testId }, fillEl);
  return {
    el,
    set(done, total) {
      const share = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
      fillEl.style.width = `${(share * 100).toFixed(1)}%`;
      el.setAttribute('aria-valuenow', String(done));
      el.setAttribute('aria-valuemax', String(total));
    },
  };
}

/** Messages under form fields, by the field's id; the field is marked aria-invalid while one shows. */
export class FieldErrors {
  readonly slots = new Map<string, HTMLElement>();

  /** The (hidden) message element for the field `id`, to place under it. */
  slot(id: string): HTMLElement {
    const el = h('p', { class: 'field-error', id: `${id}-error`, 'data-testid': `${id}-error`, hidden: true });
    this.slots.set(id, el);
    return el;
  }

  show(id: string, message: string | null): void {
    const el = this.slots.get(id);
    if (!el) return;
    el.textContent = message ?? '';
    el.hidden = message === null;
    const control = document.getElementById(id);
    if (control && message !== null) control.setAttribute('aria-invalid', 'true');
    else control?.removeAttribute('aria-invalid');
  }
}
