// Writes examples/sample-shop.csv: the sales log of an imaginary coffee-bean shop, ことり珈琲, typed
// the way small shops type it — mixed date styles (和暦 too), ¥ and 円, full-width digits, honorifics,
// same-day multi-line orders, ¥0 samples, refunds, referrals and a few rows a person got wrong.
// Deterministic (seeded), so the committed file can be regenerated exactly: node scripts/make-sample.mjs
import { writeFileSync } from 'node:fs';

let seed = 20251124;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (list) => list[Math.floor(random() * list.length)];

const products = [
  ['ブレンド豆 200g', 1080],
  ['深煎りブレンド 200g', 1180],
  ['エチオピア 200g', 1480],
  ['ドリップバッグ 5袋', 650],
  ['カフェオレベース', 980],
  ['焼き菓子セット', 1296],
  ['マグカップ', 2200],
  ['ギフトボックス', 3240],
];

const family = [
  '佐藤',
  '鈴木',
  '高橋',
  '田中',
  '伊藤',
  '渡辺',
  '山本',
  '中村',
  '小林',
  '加藤',
  '吉田',
  '山田',
  '佐々木',
  '松本',
  '井上',
  '木村',
  '林',
  '清水',
  '山崎',
  '森',
];
const given = [
  '花子',
  '太郎',
  '美咲',
  '健',
  '陽子',
  '大輔',
  '由美',
  '翔',
  'さくら',
  '誠',
  '恵',
  '蓮',
  '真由美',
  '拓也',
  '彩',
];

// Customers: [name, email, kind] where kind sets how often they come back.
const customers = [];
for (let i = 0; i < 48; i++) {
  const name = `${family[i % family.length]} ${given[(i * 7) % given.length]}`;
  const kind = i < 6 ? 'fan' : i < 16 ? 'regular' : i < 30 ? 'once' : i < 40 ? 'twice' : 'lapsed';
  customers.push({ name, email: `customer${String(i + 1).padStart(2, '0')}@example.jp`, kind });
}

const start = Date.UTC(2025, 0, 6);
const end = Date.UTC(2026, 10, 20);
const DAY = 86400000;
const eraDate = (ms) => {
  const d = new Date(ms);
  const y = d.getUTCFullYear() - 2018;
  return random() < 0.5
    ? `令和${y}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
    : `R${y}.${d.getUTCMonth() + 1}.${d.getUTCDate()}`;
};
const dateText = (ms) => {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const r = random();
  if (r < 0.45) return `${y}/${m}/${day}`;
  if (r < 0.65) return `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (r < 0.8) return `${y}年${m}月${day}日`;
  if (r < 0.9) return eraDate(ms);
  return `${y}/${m}/${day} ${10 + Math.floor(random() * 8)}:${String(Math.floor(random() * 60)).padStart(2, '0')}`;
};
const toFullWidth = (s) => s.replace(/[0-9,]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const amountText = (n) => {
  const r = random();
  const grouped = n.toLocaleString('en-US');
  if (r < 0.35) return `¥${grouped}`;
  if (r < 0.6) return `${grouped}円`;
  if (r < 0.7) return toFullWidth(grouped);
  if (r < 0.8) return `￥${grouped}`;
  return String(n);
};
const nameText = (name) => {
  const r = random();
  if (r < 0.2) return `${name} 様`;
  if (r < 0.3) return name.replace(' ', '　');
  if (r < 0.35) return `${name}さん`;
  return name;
};

const rows = [];
const visitDays = { fan: [8, 14], regular: [5, 8], once: [1, 1], twice: [2, 2], lapsed: [2, 3] };
customers.forEach((c, i) => {
  const [lo, hi] = visitDays[c.kind];
  const visits = lo + Math.floor(random() * (hi - lo + 1));
  let first = start + Math.floor(random() * (end - start) * (c.kind === 'lapsed' ? 0.25 : 0.85));
  if (c.kind === 'once' && i % 3 === 0) first = end - Math.floor(random() * 40) * DAY; // recent first-timers
  let day = first;
  for (let v = 0; v < visits && day <= end; v++) {
    const lines = random() < 0.3 ? 2 : 1; // same-day multi-line orders
    for (let l = 0; l < lines; l++) {
      const [product, price] = pick(products);
      const qty = random() < 0.2 ? 2 : 1;
      rows.push({
        ms: day,
        name: nameText(c.name),
        email: v === 0 || random() < 0.5 ? c.email : '',
        product,
        qty,
        amount: amountText(price * qty),
        referrer: '',
      });
    }
    day += Math.floor((c.kind === 'fan' ? 25 : 45) + random() * 60) * DAY;
  }
});

// Referrals: a fan introduced two friends, a regular one.
rows.push({
  ms: Date.UTC(2026, 8, 12),
  name: '岡田 結衣',
  email: 'okada@example.jp',
  product: 'ブレンド豆 200g',
  qty: 1,
  amount: '¥1,080',
  referrer: '佐藤 花子',
});
rows.push({
  ms: Date.UTC(2026, 9, 3),
  name: '前田 湊',
  email: 'maeda@example.jp',
  product: 'ドリップバッグ 5袋',
  qty: 1,
  amount: '650円',
  referrer: '佐藤花子様',
});
rows.push({
  ms: Date.UTC(2026, 10, 2),
  name: '石川 葵',
  email: 'ishikawa@example.jp',
  product: 'エチオピア 200g',
  qty: 1,
  amount: '1480',
  referrer: '鈴木 翔',
});
// ¥0 samples: prospects who tasted but have not bought.
rows.push({
  ms: Date.UTC(2026, 9, 18),
  name: '藤田 美穂',
  email: 'fujita@example.jp',
  product: '試飲サンプル',
  qty: 1,
  amount: '0',
  referrer: '',
});
rows.push({
  ms: Date.UTC(2026, 10, 8),
  name: '後藤 亮',
  email: '',
  product: '試飲サンプル',
  qty: 1,
  amount: '¥0',
  referrer: '',
});
// Refunds: a broken mug and a returned gift box.
rows.push({
  ms: Date.UTC(2026, 3, 21),
  name: '鈴木 翔',
  email: '',
  product: 'マグカップ',
  qty: 1,
  amount: '(2,200)',
  referrer: '',
});
rows.push({
  ms: Date.UTC(2026, 7, 30),
  name: '田中 由美',
  email: '',
  product: 'ギフトボックス',
  qty: 1,
  amount: '-3,240',
  referrer: '',
});
// Rows a person got wrong: they are reported with their row numbers, not dropped.
rows.push({
  ms: Date.UTC(2026, 5, 10),
  name: '',
  email: '',
  product: 'ブレンド豆 200g',
  qty: 1,
  amount: '¥1,080',
  referrer: '',
});
rows.push({
  ms: null,
  dateText: '先週の金曜',
  name: '森 恵',
  email: '',
  product: '焼き菓子セット',
  qty: 1,
  amount: '1,296円',
  referrer: '',
});
rows.push({
  ms: Date.UTC(2026, 6, 1),
  name: '林 翔',
  email: '',
  product: 'ギフトボックス',
  qty: 1,
  amount: 'あとで確認',
  referrer: '',
});

rows.sort((a, b) => (a.ms ?? end) - (b.ms ?? end));
const quote = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const lines = ['日付,お客様名,メールアドレス,商品名,数量,金額,紹介者'];
for (const r of rows) {
  lines.push(
    [r.ms === null ? r.dateText : dateText(r.ms), r.name, r.email, r.product, String(r.qty), r.amount, r.referrer]
      .map(quote)
      .join(','),
  );
}
writeFileSync(new URL('../examples/sample-shop.csv', import.meta.url), lines.join('\n') + '\n');
console.log(`examples/sample-shop.csv: ${rows.length} rows`);
