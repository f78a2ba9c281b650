// Settings: the error names itself, an empty spend line keeps the default, and the order of the
// thresholds is checked only once every value reads (one problem per mistake).
import { DEFAULT_THRESHOLDS, SettingsError, resolveThresholds } from '../../src/core/settings';

function problems(input: Record<string, unknown>): string[] {
  try {
    resolveThresholds(input);
    return [];
  } catch (e) {
    return (e as SettingsError).problems.map((p) => `${p.key} ${p.code}`);
  }
}

describe('resolveThresholds', () => {
  it('throws a SettingsError by that name', () => {
    // 150 reads as 150%: more than every customer.
    expect(() => resolveThresholds({ vipShare: 150 })).toThrow(expect.objectContaining({ name: 'SettingsError' }));
  });

  it('keeps the default spend line for a null cell', () => {
    expect(resolveThresholds({ cpmSpendLine: null })).toStrictEqual(DEFAULT_THRESHOLDS);
  });

  it('reports an unreadable value alone, not also the order it would break with the defaults', () => {
    // fanVisits 2 would be 'order' against repeatVisits' default 2, but repeatVisits is unreadable.
    expect(problems({ repeatVisits: 'x', fanVisits: 2 })).toStrictEqual(['repeatVisits not_number']);
  });
});
