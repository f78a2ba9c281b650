// The thresholds' bounds and order, each tried at its limit and one step past it.
import { DEFAULT_THRESHOLDS, SettingsError, resolveThresholds } from '../../src/core/settings';

/** 'ok', or the problems as `key code [bound] [(other)]`. */
function check(input: Record<string, unknown>): string[] | 'ok' {
  try {
    resolveThresholds(input);
    return 'ok';
  } catch (e) {
    return (e as SettingsError).problems.map(
      (p) => `${p.key} ${p.code}${p.bound !== undefined ? ` ${p.bound}` : ''}${p.other ? ` (${p.other})` : ''}`,
    );
  }
}

describe('resolveThresholds: each bound', () => {
  it.each<[Record<string, unknown>, string[] | 'ok']>([
    [{ repeatVisits: 2, fanVisits: 3 }, 'ok'],
    [{ repeatVisits: 1 }, ['repeatVisits too_small 2']],
    [{ repeatVisits: 1000 }, ['fanVisits order (repeatVisits)']], // allowed, but not at or above the 5 of Fan
    [{ repeatVisits: 999, fanVisits: 1000 }, 'ok'],
    [{ repeatVisits: 1001 }, ['repeatVisits too_large 1000']],
    [{ repeatVisits: 2.5 }, ['repeatVisits not_whole']],
    [{ fanVisits: 2 }, ['fanVisits order (repeatVisits)']],
    [{ fanVisits: 1 }, ['fanVisits too_small 2']],
    [{ fanVisits: 1001 }, ['fanVisits too_large 1000']],
    [{ fanReferrals: 1 }, 'ok'],
    [{ fanReferrals: 0 }, ['fanReferrals too_small 1']],
    [{ fanReferrals: 1000 }, 'ok'],
    [{ fanReferrals: 1001 }, ['fanReferrals too_large 1000']],
    [{ atRiskDays: 1 }, 'ok'],
    [{ atRiskDays: 0 }, ['atRiskDays too_small 1']],
    [{ atRiskDays: 239 }, 'ok'],
    [{ atRiskDays: 240 }, ['lapsedDays order (atRiskDays)']],
    [{ atRiskDays: 3651 }, ['atRiskDays too_large 3650']],
    [{ lapsedDays: 91 }, 'ok'],
    [{ lapsedDays: 90 }, ['lapsedDays order (atRiskDays)']],
    [{ lapsedDays: 3650 }, 'ok'],
    [{ lapsedDays: 3651 }, ['lapsedDays too_large 3650']],
    [{ lapsedDays: 0 }, ['lapsedDays too_small 1']],
    [{ cpmTenureDays: 1 }, 'ok'],
    [{ cpmTenureDays: 0 }, ['cpmTenureDays too_small 1']],
    [{ cpmTenureDays: 210 }, ['cpmLoyalTenureDays order (cpmTenureDays)']],
    [{ cpmTenureDays: 3651 }, ['cpmTenureDays too_large 3650']],
    [{ cpmLoyalTenureDays: 91 }, 'ok'],
    [{ cpmLoyalTenureDays: 90 }, ['cpmLoyalTenureDays order (cpmTenureDays)']],
    [{ cpmLoyalTenureDays: 3650 }, 'ok'],
    [{ cpmLoyalTenureDays: 3651 }, ['cpmLoyalTenureDays too_large 3650']],
    [{ cpmLoyalTenureDays: 0 }, ['cpmLoyalTenureDays too_small 1']],
    [{ cpmSpendMultiple: 0.01 }, 'ok'],
    [{ cpmSpendMultiple: 0.009 }, ['cpmSpendMultiple too_small 0.01']],
    [{ cpmSpendMultiple: 2.5 }, 'ok'], // not whole: allowed for a multiple
    [{ cpmSpendMultiple: 1000 }, 'ok'],
    [{ cpmSpendMultiple: 1000.5 }, ['cpmSpendMultiple too_large 1000']],
    [{ vipShare: 0.01 }, 'ok'],
    [{ vipShare: 0 }, ['vipShare too_small 0.01']],
    [{ vipShare: 1 }, 'ok'],
    [{ vipShare: 101 }, ['vipShare too_large 1']],
    [{ cpmSpendLine: 0.5 }, 'ok'],
    [{ cpmSpendLine: 0 }, ['cpmSpendLine too_small']],
    [{ cpmSpendLine: -5 }, ['cpmSpendLine too_small']],
    [{ cpmSpendLine: 'abc' }, ['cpmSpendLine not_number']],
    [{ atRiskDays: 'abc' }, ['atRiskDays not_number']],
    [{ atRiskDays: true }, ['atRiskDays not_number']],
    [{ atRiskDays: Number.NaN }, ['atRiskDays not_number']],
    [{ atRiskDays: Infinity }, ['atRiskDays not_number']],
    [{ atRiskDays: '   ' }, ['atRiskDays not_number']],
  ])('%p → %p', (input, expected) => {
    expect(check(input)).toEqual(expected);
  });

  it('reads text as owners type it and keeps the defaults for empty values', () => {
    expect(
      resolveThresholds({
        atRiskDays: '１２０',
        lapsedDays: ' 3 650 ', // a space between thousands, as some keyboards group them
        cpmSpendLine: '１０，０００',
        vipShare: '0.5',
        repeatVisits: '',
        fanVisits: null,
        fanReferrals: undefined,
      }),
    ).toStrictEqual({ ...DEFAULT_THRESHOLDS, atRiskDays: 120, lapsedDays: 3650, cpmSpendLine: 10000, vipShare: 0.5 });
    expect(resolveThresholds({ cpmSpendLine: '' })).toStrictEqual(DEFAULT_THRESHOLDS);
    expect(resolveThresholds()).toStrictEqual(DEFAULT_THRESHOLDS);
  });

  it('lists every problem and names them in the message', () => {
    expect(() => resolveThresholds({ repeatVisits: 0, vipShare: 200, cpmSpendLine: 'x' })).toThrow(
      'repeatVisits: too_small; vipShare: too_large; cpmSpendLine: not_number',
    );
    expect(() => resolveThresholds({ fanVisits: 2 })).toThrow('fanVisits: order (repeatVisits)');
  });
});

test('the VIP share as an owner types it: 20, "20", "20%", "２０％" and 0.2 are all the top 20%; 1 is everyone', () => {
  for (const typed of [20, '20', '20%', ' ２０％ ', 0.2, '0.2'])
    expect([typed, resolveThresholds({ vipShare: typed }).vipShare]).toStrictEqual([typed, 0.2]);
  expect(resolveThresholds({ vipShare: 1 }).vipShare).toBe(1);
  expect(resolveThresholds({ vipShare: '100%' }).vipShare).toBe(1);
  expect(() => resolveThresholds({ vipShare: '%' })).toThrow('vipShare: not_number');
});
