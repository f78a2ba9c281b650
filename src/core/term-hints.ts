// One line per term an owner meets on the card and the Summary: what the stage, status or CPM
// segment means, and for each segment what Yazuya's customer portfolio suggests doing. Shown on
// hover or tap in the sidebar and in the Summary's 「意味・打ち手」 column.

import { Lang, defineText } from './labels';
import { Segment, Stage, Status } from './stages';

export type Term = Stage | Status | Segment | 'cpm' | 'f2' | 'vip';

const HINT = defineText<Term>({
  ja: {
    prospect: 'まだ購入のない方（サンプルだけ、名簿だけ）。最初の購入のきっかけを。',
    new: '購入が1回の方。2回目の来店が常連への第一歩です。',
    repeat: '2〜4回購入した方。次の来店を待たずにお便りを。',
    fan: '5回以上購入したか、お客様を紹介してくれた方。特別扱いで関係を深めます。',
    active: '最後の来店から日が浅く、通ってくださっている方。',
    at_risk: '最後の来店からしばらくたち、離れかけている方。今なら声をかけやすい時期です。',
    lapsed: '最後の来店からかなりたった方。呼び戻しのご案内を。',
    first: '初回客：購入1回。まず2回目の来店を。',
    toddler: 'よちよち客：2回以上購入、付き合いが浅い。3回目につなげて習慣に。',
    steady: 'コツコツ客：長く通うが購入額は控えめ。ついで買いの提案で客単価を。',
    trendy: '流行客：短い期間に多く購入。離れる前に関係づくりを。',
    loyal: '優良客：長く多く買ってくださる方。特別なご案内で大切に。',
    first_lapsed: '初回離脱客：1回きりで離れた方。深追いせず、季節のご案内程度に。',
    toddler_lapsed: 'よちよち離脱客：習慣になる前に離れた方。再来店のきっかけを。',
    steady_lapsed: 'コツコツ離脱客：長く通ってくれていた方。近況伺いで呼び戻しを。',
    trendy_lapsed: '流行離脱客：一時期よく買ってくれた方。新商品のご案内を。',
    loyal_lapsed: '優良離脱客：最も大切だった方。まず最初に呼び戻しを。',
    cpm: 'CPM分類：来店回数・付き合いの長さ・累計売上でお客様を10種類に分ける考え方（顧客ポートフォリオ）。',
    f2: 'F2転換率：初めてのお客様のうち、90日以内に2回目の来店があった割合。',
    vip: 'VIP：売上の多いお客様の上位（設定の割合）。',
  },
  en: {
    prospect: 'No purchase yet (samples only, or on the customer list): give them a reason to buy.',
    new: 'One purchase: the second visit is the first step to becoming a regular.',
    repeat: '2 to 4 purchases: write before they think of coming back.',
    fan: '5 or more purchases, or referred someone: treat them as special.',
    active: 'Came recently: a regular.',
    at_risk: 'Has not come for a while and is slipping away: the easy moment to get in touch.',
    lapsed: 'Has not come for a long time: invite them back.',
    first: 'First: one purchase. Aim for a second visit.',
    toddler: 'Toddler: 2+ purchases, recent. Make the third visit a habit.',
    steady: 'Steady: comes for long but spends little. Suggest an add-on.',
    trendy: 'Trendy: bought a lot in a short time. Build the relationship before they drift.',
    loyal: 'Loyal: buys much, for long. Look after them with special offers.',
    first_lapsed: 'First (lapsed): came once and left. A seasonal note at most.',
    toddler_lapsed: 'Toddler (lapsed): left before it became a habit. Give a reason to return.',
    steady_lapsed: 'Steady (lapsed): came for long. Ask how they are and invite them back.',
    trendy_lapsed: 'Trendy (lapsed): bought a lot for a while. Tell them what is new.',
    loyal_lapsed: 'Loyal (lapsed): your most valuable customers once. Win them back first.',
    cpm: 'CPM: ten customer groups by visits, length of relationship and spend (customer portfolio).',
    f2: 'F2 rate: the share of first-time customers who came a second time within 90 days.',
    vip: 'VIP: your top customers by revenue (the share set in the settings).',
  },
});

export function termHint(lang: Lang, term: Term): string {
  return HINT(lang, term);
}
