// What a recognised shop export says about its orders, resolved to column indexes: the sales pass
// (sales.ts) reads rows by it, the export profiles (export-profiles.ts) produce it. A sheet kept
// by hand has none, and its rows are read as they always were (see docs/RULES.md).

import { nfkc } from './cells';

/** What an order's status means for the analysis; a status not listed is a paid order. */
export type OrderStatus = 'cancelled' | 'voided' | 'unpaid' | 'refunded' | 'not_sale';

/** A status column and what its values mean (statusKey(text) → meaning). */
export interface StatusColumn {
  column: number;
  meaning: ReadonlyMap<string, OrderStatus>;
}

export interface OrderRules {
  /** Customer id / member code (−1 none): identifies the customer before the email and the name. */
  memberId: number;
  /**
   * The amount column is the order's total (on its first line only, or repeated on every line):
   * counted once per order, never summed per line.
   */
  orderTotal: boolean;
  /** A line's own amount (−1 none): what its product sold for. */
  lineAmount: number;
  /** A line's unit price (−1 none): with the quantity, the line's amount when it has no amount of its own. */
  linePrice: number;
  /** Quantity of a line (−1 none: one). */
  quantity: number;
  /** The order's status columns, read on the order's first line. */
  statuses: StatusColumn[];
  /** Amount refunded on the order (−1 none), read on the order's first line. */
  refund: number;
}

/** The comparable form of a status cell: NFKC, trimmed, lower case (paid = Paid = ｐａｉｄ). */
export function statusKey(text: string): string {
  return nfkc(text).trim().toLowerCase();
}
