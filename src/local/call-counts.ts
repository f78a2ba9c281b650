// Service calls of a run, compared across data sizes (the bench's "equal" target, a bundle test):
// fitting a tab's grid is one deleteRows when the tab was larger than its table and none when it
// grew to exactly that size, and a column sizing is autoResizeColumns or, past 5,000 rows, fixed
// widths. Neither grows with the data, so they are counted as one kind each.
export function sizeIndependentCalls(snapshot: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, n] of Object.entries(snapshot)) {
    if (/^Sheet\.(deleteRows|deleteColumns)$/.test(name)) continue;
    const key = /^Sheet\.(autoResizeColumns|setColumnWidths)$/.test(name) ? 'Sheet.sizeColumns' : name;
    out[key] = (out[key] ?? 0) + n;
  }
  return out;
}
