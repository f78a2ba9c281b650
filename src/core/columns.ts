// The columns a sales table can have. Only date, amount and a way to know the customer (customer,
// email, or family + given name) are required.

export const FIELDS = [
  'date',
  'customer',
  'amount',
  'orderId',
  'product',
  'email',
  'referrer',
  'quantity',
  'familyName',
  'givenName',
] as const;

export type Field = (typeof FIELDS)[number];

/** 0-based column index of each field found. */
export type ColumnMapping = Partial<Record<Field, number>>;

export interface HeaderMatch {
  /** 0-based index of the header row within the values handed in. */
  headerRow: number;
  /** The header cells as text, for the sidebar's dropdowns and error messages. */
  headers: string[];
  mapping: ColumnMapping;
  /** The export recognised (an id of export-profiles.ts: 'shopify', 'base' …) or 'generic'. */
  profile: string;
  /** True when the headers are Japanese: the default output language. */
  japanese: boolean;
}

export function hasCustomerColumn(mapping: ColumnMapping): boolean {
  return (
    mapping.customer !== undefined ||
    mapping.email !== undefined ||
    (mapping.familyName !== undefined && mapping.givenName !== undefined)
  );
}

export function isUsableMapping(mapping: ColumnMapping): boolean {
  return mapping.date !== undefined && mapping.amount !== undefined && hasCustomerColumn(mapping);
}
