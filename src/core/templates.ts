// Follow-up email templates: the Templates tab (テンプレート) holds one row per follow-up type
// that the owner edits freely, and rendering fills in {{placeholders}}. Mail is plain text, so
// nothing is escaped; a value is inserted once and never scanned again for placeholders.

import { cellText, isBlankCell, nfkc } from './cells';
import { findTabHeader, flagOf } from './owner-tabs';
import { normalizeHeader } from './headers';
import { Lang, defineText } from './labels';
import { OutCell, OutTable } from './table';

/** In the order of the rules table: drafts and counts follow this order. */
export const FOLLOW_UP_TYPES = [
  'new_thanks',
  'new_info',
  'new_second_offer',
  'repeat_thanks',
  'fan_vip',
  'usual_reminder',
  'at_risk',
  'winback',
  'prospect_touch',
  'birthday',
  'anniversary',
] as const;
export type FollowUpType = (typeof FOLLOW_UP_TYPES)[number];

export function isFollowUpType(text: string): text is FollowUpType {
  return (FOLLOW_UP_TYPES as readonly string[]).includes(text);
}

export const PLACEHOLDERS = [
  'name',
  'shop',
  'sender',
  'signature',
  'last_purchase',
  'top_product',
  'visits',
  'days_since_last',
] as const;
export type PlaceholderName = (typeof PLACEHOLDERS)[number];

/**
 * Who is writing, from the settings the sidebar asks for before the first draft: {{shop}} (never
 * empty when drafting: drafting is refused without it), {{sender}} and {{signature}} (optional).
 */
export interface Writer {
  shop: string;
  sender: string;
  /** A block of lines (address, hours, site) under the closing; '' for none. */
  signature: string;
}

/** Per-customer values; {{shop}}, {{sender}} and {{signature}} come from the Writer. */
export interface Placeholders {
  /** Without a trailing honorific (templates add 様); '' when only an email is known. */
  name: string;
  /** YYYY-MM-DD, '' without a visit. */
  last_purchase: string;
  /** '' when the sales sheet has no product column or the customer bought nothing named. */
  top_product: string;
  visits: number;
  /** null without a visit. */
  days_since_last: number | null;
}

export interface Template {
  type: FollowUpType;
  enabled: boolean;
  subject: string;
  body: string;
}

const TEXT = defineText({
  ja: {
    new_thanks: '初回のお礼',
    new_info: '初回後のご案内',
    new_second_offer: '2回目のお誘い',
    repeat_thanks: 'リピートのお礼',
    fan_vip: 'ファンへの季節のご案内',
    usual_reminder: 'そろそろのご案内',
    at_risk: '要フォローのお客様へ',
    winback: '離脱したお客様へ',
    prospect_touch: '見込み客へのご案内',
    birthday: '誕生月のお祝い',
    anniversary: '初回購入の記念日',
    key: '種類キー',
    label: '種類',
    enabled: '有効',
    subject: '件名',
    body: '本文',
    keyNote: 'この列は種類を見分けるためのものです。書き換えないでください。',
    bodyNote: '使える差し込み: {placeholders}',
  },
  en: {
    new_thanks: 'First-visit thanks',
    new_info: 'After the first visit',
    new_second_offer: 'Second-visit invitation',
    repeat_thanks: 'Repeat thanks',
    fan_vip: 'Seasonal note to fans',
    usual_reminder: 'Time for your usual',
    at_risk: 'At-risk check-in',
    winback: 'Win-back',
    prospect_touch: 'Prospect touch',
    birthday: 'Birthday month',
    anniversary: 'First-purchase anniversary',
    key: 'Type key',
    label: 'Type',
    enabled: 'Enabled',
    subject: 'Subject',
    body: 'Body',
    keyNote: 'This column identifies the type. Please do not change it.',
    bodyNote: 'Placeholders: {placeholders}',
  },
});

export const followUpTypeLabel = (lang: Lang, type: FollowUpType): string => TEXT(lang, type);

// ---------------------------------------------------------------------------------------------
// Default texts

interface Draft {
  subject: string;
  /** Paragraphs between the greeting and the signature. */
  paragraphs: string[];
  /** Promotional mail carries a way to opt out (特定電子メール法); plain thanks do not need one. */
  promotional: boolean;
}

const DRAFTS: Record<Lang, Record<FollowUpType, Draft>> = {
  ja: {
    new_thanks: {
      subject: 'ご利用ありがとうございました（{{shop}}）',
      paragraphs: [
        'このたびは{{shop}}をご利用いただき、誠にありがとうございました。\nお選びいただいた品は、その後いかがでしょうか。',
        'ご感想や気になる点などがございましたら、このメールにそのままご返信ください。ひとつひとつ大切に拝見いたします。',
        'またお目にかかれる日を、心より楽しみにしております。',
      ],
      promotional: false,
    },
    new_info: {
      subject: '{{shop}}より、その後のごあいさつ',
      paragraphs: [
        '先日は{{shop}}をご利用いただき、ありがとうございました。\nその後、お変わりなくお過ごしでしょうか。',
        '当店では、季節に合わせた品やおすすめを少しずつ入れ替えながらご用意しております。\nお近くにお越しの際や、ちょっとしたお買い物の折に、どうぞお気軽にお立ち寄りください。',
        'ご質問やご相談も、このメールへのご返信で承ります。',
      ],
      promotional: true,
    },
    new_second_offer: {
      subject: 'またのご利用をお待ちしております（{{shop}}）',
      paragraphs: [
        '{{shop}}を初めてご利用いただいてから、ひと月ほどが経ちました。\nその後いかがお過ごしでしょうか。',
        '次にご利用いただく際は、ぜひこのメールをお見せください（オンラインでのご注文でしたら、備考欄に「メールを見た」とひとことお書き添えください）。ささやかなお礼をご用意してお待ちしております。',
        'またお会いできる日を楽しみにしております。',
      ],
      promotional: true,
    },
    repeat_thanks: {
      subject: 'いつもありがとうございます（{{shop}}）',
      paragraphs: [
        'いつも{{shop}}をご利用いただき、本当にありがとうございます。\nこれまで{{visits}}回にわたってご利用いただき、店主として大変うれしく思っております。',
        'これからも{{name}}様に喜んでいただけるよう、心を込めて品をご用意してまいります。\nお気づきの点やご要望がございましたら、いつでもお聞かせください。',
      ],
      promotional: false,
    },
    fan_vip: {
      subject: '日頃の感謝を込めて（{{shop}}）',
      paragraphs: [
        'いつも{{shop}}を大切にご利用いただき、心より御礼申し上げます。',
        '日頃のご愛顧への感謝を込めて、常連の皆さまには季節の新しい品やお知らせを、ひと足早くお届けしております。\n気になるものがございましたら、お取り置きやご相談もお気軽にお申し付けください。',
        '今季も変わらぬお引き立てのほど、どうぞよろしくお願いいたします。',
      ],
      promotional: true,
    },
    usual_reminder: {
      subject: 'そろそろのご案内（{{shop}}）',
      paragraphs: [
        'いつも{{shop}}をご利用いただき、誠にありがとうございます。\n前回のお買い物から少し日が経ちましたが、お変わりなくお過ごしでしょうか。',
        'そろそろまたお立ち寄りいただく頃かと思い、ご案内をお送りいたしました。\nいつもの品はもちろん、季節の品も揃えてお待ちしております。',
        'お取り置きやご予約も承りますので、どうぞお気軽にこのメールへご返信ください。',
      ],
      promotional: true,
    },
    at_risk: {
      subject: 'お変わりございませんか（{{shop}}）',
      paragraphs: [
        'ご無沙汰しております。{{shop}}です。\n最後にご利用いただいてから少し間が空きましたが、お変わりなくお過ごしでしょうか。',
        '季節も移り、店の品もいくつか新しくなりました。\nお時間のあるときに、またお気軽にお立ち寄りいただけましたら嬉しいです。',
      ],
      promotional: true,
    },
    winback: {
      subject: 'お久しぶりです。{{shop}}より',
      paragraphs: [
        '大変ご無沙汰しております。{{shop}}です。\n以前ご利用いただいてから、ずいぶん月日が経ちました。その後お元気でいらっしゃいますか。',
        '当店は、少しずつ品揃えを見直しながら、変わらず営業を続けております。\nもしよろしければ、またお気軽にのぞきにいらしてください。久しぶりにお会いできる日を楽しみにしております。',
      ],
      promotional: true,
    },
    prospect_touch: {
      subject: '{{shop}}からのご案内',
      paragraphs: [
        '{{shop}}に関心をお寄せいただき、ありがとうございます。',
        '当店では、季節ごとのおすすめや新しく入った品を、折にふれてご紹介しております。\n気になることがございましたら、このメールへのご返信でお気軽にお尋ねください。',
        'いつかお店でお目にかかれる日を楽しみにしております。',
      ],
      promotional: true,
    },
    birthday: {
      subject: 'お誕生月おめでとうございます（{{shop}}）',
      paragraphs: [
        'お誕生月、おめでとうございます。\n{{shop}}より、心からお祝い申し上げます。',
        '{{name}}様にとって、笑顔のあふれる素敵な一年となりますように。\nお近くにお越しの際は、ぜひお声がけください。',
      ],
      promotional: true,
    },
    anniversary: {
      subject: '初めてのご利用から、また一年（{{shop}}）',
      paragraphs: [
        '{{name}}様に初めて{{shop}}をご利用いただいた日から、また一年が巡りました。\nあの日のご縁に、あらためて感謝申し上げます。',
        'これからも{{name}}様のお役に立てるお店であり続けられるよう努めてまいります。\n今後とも、どうぞよろしくお願いいたします。',
      ],
      promotional: true,
    },
  },
  en: {
    new_thanks: {
      subject: 'Thank you for shopping at {{shop}}',
      paragraphs: [
        'Thank you so much for choosing {{shop}}. We hope you are enjoying what you picked out.',
        'If you have any thoughts or questions, simply reply to this email. We read every message ourselves.',
        'We look forward to seeing you again.',
      ],
      promotional: false,
    },
    new_info: {
      subject: 'A little hello from {{shop}}',
      paragraphs: [
        'Thank you again for your recent visit to {{shop}}. We hope all is well with you.',
        'We change our selection with the seasons, so there is often something new to discover. Do drop by whenever you are nearby.',
        'If you have a question or a request, just reply to this email.',
      ],
      promotional: true,
    },
    new_second_offer: {
      subject: 'We would love to see you again at {{shop}}',
      paragraphs: [
        'It has been about a month since your first visit to {{shop}}, and we hope you are doing well.',
        'Next time you shop with us, please show this email (or write "saw your email" in the order notes if you order online). We will have a small thank-you waiting for you.',
        'We look forward to seeing you again.',
      ],
      promotional: true,
    },
    repeat_thanks: {
      subject: 'Thank you for coming back to {{shop}}',
      paragraphs: [
        'Thank you for shopping with {{shop}} again. You have now visited us {{visits}} times, and it means a great deal to us.',
        'We will keep choosing things we think you will enjoy. If there is anything you would like us to stock, please let us know.',
      ],
      promotional: false,
    },
    fan_vip: {
      subject: 'A thank-you to our regulars from {{shop}}',
      paragraphs: [
        'Thank you for being such a loyal customer of {{shop}}.',
        'As a small token of our thanks, we let our regulars hear first about new arrivals for the season. If anything catches your eye, we are happy to set it aside for you.',
        'We look forward to seeing you again this season.',
      ],
      promotional: true,
    },
    usual_reminder: {
      subject: 'Time for your usual? From {{shop}}',
      paragraphs: [
        'Thank you, as always, for shopping at {{shop}}. It has been a little while since your last visit, and we hope all is well.',
        'We thought it might be about time for your usual, so here is a friendly note. Your favourites are here, along with a few new things for the season.',
        'If you would like us to set something aside for you, just reply to this email.',
      ],
      promotional: true,
    },
    at_risk: {
      subject: 'How have you been? From {{shop}}',
      paragraphs: [
        'It has been a little while since we last saw you at {{shop}}, and we hope you are keeping well.',
        'The season has changed and so has some of our selection. Whenever you have a moment, we would be glad to see you again.',
      ],
      promotional: true,
    },
    winback: {
      subject: 'It has been a while. Greetings from {{shop}}',
      paragraphs: [
        'It has been quite some time since your last visit to {{shop}}, and we often wonder how you are.',
        'We are still here, refreshing our selection little by little. If you feel like it, please drop by again. We would be delighted to see you.',
      ],
      promotional: true,
    },
    prospect_touch: {
      subject: 'News from {{shop}}',
      paragraphs: [
        'Thank you for your interest in {{shop}}.',
        'From time to time we share seasonal picks and new arrivals. If you have any questions, simply reply to this email.',
        'We hope to welcome you in person one day.',
      ],
      promotional: true,
    },
    birthday: {
      subject: 'Happy birthday month from {{shop}}',
      paragraphs: [
        'Happy birthday month! Everyone at {{shop}} sends you warm wishes.',
        'We hope the year ahead brings you plenty of smiles. If you are nearby, please come and say hello.',
      ],
      promotional: true,
    },
    anniversary: {
      subject: 'One more year since your first visit to {{shop}}',
      paragraphs: [
        'Another year has passed since you first shopped at {{shop}}, and we are grateful for that first visit.',
        'We will keep working to be a shop you are glad to come back to. Thank you for being with us.',
      ],
      promotional: true,
    },
  },
};

// A line that holds only an empty {{sender}} or {{signature}} is dropped when rendering.
const LETTER: Record<Lang, { greeting: string; closing: string; optOut: string }> = {
  ja: {
    greeting: '{{name}}様',
    closing: '{{shop}}\n{{sender}}\n{{signature}}',
    optOut: '※今後このようなご案内がご不要でしたら、お手数ですが「配信停止」とご返信ください。',
  },
  en: {
    greeting: 'Dear {{name}},',
    closing: 'Warm regards,\n{{sender}}\n{{shop}}\n{{signature}}',
    optOut: 'If you would rather not receive these emails, just reply "unsubscribe" and we will stop.',
  },
};

/**
 * One template per type, all enabled. The defaults never use {{top_product}}, {{last_purchase}}
 * or {{days_since_last}}: they are empty for some customers, and a sentence around an empty
 * value reads broken.
 */
export function defaultTemplates(lang: Lang): Template[] {
  const letter = LETTER[lang];
  return FOLLOW_UP_TYPES.map((type) => {
    const draft = DRAFTS[lang][type];
    const parts = [letter.greeting, ...draft.paragraphs, letter.closing];
    if (draft.promotional) parts.push(letter.optOut);
    return { type, enabled: true, subject: draft.subject, body: parts.join('\n\n') };
  });
}

// ---------------------------------------------------------------------------------------------
// The Templates tab

type TemplateField = 'key' | 'label' | 'enabled' | 'subject' | 'body';
const COLUMNS: TemplateField[] = ['key', 'label', 'enabled', 'subject', 'body'];

/** Header names in both languages, so that switching the language never loses the owner's tab. */
const TEMPLATE_SYNONYMS: Record<TemplateField, string[]> = {
  key: ['種類キー', 'キー', 'type key', 'key', 'type id'],
  label: ['種類', 'type'],
  enabled: ['有効', '使う', 'enabled', 'on'],
  subject: ['件名', 'subject'],
  body: ['本文', 'body', 'message'],
};

/** Header, then one row per template: the type key first, the stable id a language switch keeps. */
export function templatesTable(templates: readonly Template[], lang: Lang): OutTable {
  const rows: OutCell[][] = [COLUMNS.map((c) => TEXT(lang, c))];
  for (const t of templates) rows.push([t.type, followUpTypeLabel(lang, t.type), t.enabled, t.subject, t.body]);
  return {
    rows,
    formats: ['text', 'text', 'general', 'text', 'text'],
    notes: [
      { row: 0, col: 0, text: TEXT(lang, 'keyNote') },
      {
        row: 0,
        col: 4,
        text: TEXT(lang, 'bodyNote', { placeholders: PLACEHOLDERS.map((p) => `{{${p}}}`).join(' ') }),
      },
    ],
  };
}

export type TemplateProblemReason =
  | 'no_header'
  | 'unknown_type'
  | 'duplicate_type'
  | 'enabled_unreadable'
  | 'subject_empty'
  | 'body_empty'
  | 'unknown_placeholder';

export interface TemplateProblem {
  rowNumber: number;
  reason: TemplateProblemReason;
  type?: FollowUpType;
  /** The unknown placeholder as written, e.g. '{{foo}}'. */
  detail?: string;
}

export interface ParsedTemplates {
  /** One per type, in FOLLOW_UP_TYPES order. */
  templates: Template[];
  problems: TemplateProblem[];
  /** Types without a row: filled from the defaults, for the adapter to append (and only those). */
  missingTypes: FollowUpType[];
  /**
   * 'empty': the tab has nothing, write templatesTable(defaults) whole. 'unreadable': no header
   * was found in a tab with content, so every type is disabled and nothing must be written.
   */
  header: 'found' | 'empty' | 'unreadable';
}

/** A type cell: its key, or its label in either language (an owner may retype the label). */
const TYPE_BY_TEXT: Map<string, FollowUpType> = (() => {
  const map = new Map<string, FollowUpType>();
  for (const type of FOLLOW_UP_TYPES) {
    for (const text of [type, followUpTypeLabel('ja', type), followUpTypeLabel('en', type)])
      map.set(normalizeHeader(text), type);
  }
  return map;
})();

const CROSS = new Set(['×', '✕', '✖']);

/**
 * Reads the owner's Templates tab (values from the sheet's row `firstRowNumber`). The owner's
 * text is kept as written; a row that cannot be used as is is disabled and reported rather than
 * replaced, and types without a row get the defaults in `lang`.
 */
export function parseTemplates(values: unknown[][], lang: Lang = 'ja', firstRowNumber = 1): ParsedTemplates {
  const defaults = defaultTemplates(lang);
  const header = findTabHeader(
    values,
    TEMPLATE_SYNONYMS,
    (c) => c.key !== undefined && c.subject !== undefined && c.body !== undefined,
  );
  if (!header) {
    if (values.every((row) => row.every(isBlankCell))) {
      return { templates: defaults, problems: [], missingTypes: [...FOLLOW_UP_TYPES], header: 'empty' };
    }
    return {
      templates: defaults.map((t) => ({ ...t, enabled: false })),
      problems: [{ rowNumber: firstRowNumber, reason: 'no_header' }],
      missingTypes: [],
      header: 'unreadable',
    };
  }
  const col = header.columns as Record<'key' | 'subject' | 'body', number> & Partial<Record<TemplateField, number>>;
  const found = new Map<FollowUpType, Template>();
  const problems: TemplateProblem[] = [];
  for (let r = header.headerRow + 1; r < values.length; r++) {
    const row = values[r];
    if (row.every(isBlankCell)) continue;
    const rowNumber = firstRowNumber + r;
    const type = TYPE_BY_TEXT.get(normalizeHeader(cellText(row[col.key])));
    if (!type) {
      problems.push({ rowNumber, reason: 'unknown_type' });
      continue;
    }
    if (found.has(type)) {
      problems.push({ rowNumber, reason: 'duplicate_type', type });
      continue;
    }
    // Without an enabled column every row is on; a blank cell is an unticked checkbox.
    let enabled = true;
    if (col.enabled !== undefined) {
      const cell = row[col.enabled];
      const flag = flagOf(cell);
      enabled = flag === 'yes';
      if (flag === 'other' && !CROSS.has(nfkc(cellText(cell))))
        problems.push({ rowNumber, reason: 'enabled_unreadable', type });
    }
    const subject = cellText(row[col.subject]);
    const body = cellText(row[col.body]);
    if (!subject) problems.push({ rowNumber, reason: 'subject_empty', type });
    if (!body) problems.push({ rowNumber, reason: 'body_empty', type });
    for (const p of placeholdersIn(`${subject}\n${body}`)) {
      if (!p.known) problems.push({ rowNumber, reason: 'unknown_placeholder', type, detail: p.text });
    }
    // A blank subject or body would draft an empty mail: off until the owner writes one.
    found.set(type, { type, enabled: enabled && subject !== '' && body !== '', subject, body });
  }
  const missingTypes = FOLLOW_UP_TYPES.filter((t) => !found.has(t));
  return {
    templates: defaults.map((d) => found.get(d.type) ?? d),
    problems,
    missingTypes,
    header: 'found',
  };
}

export function enabledTypesOf(templates: readonly Template[]): FollowUpType[] {
  return templates.filter((t) => t.enabled).map((t) => t.type);
}

// ---------------------------------------------------------------------------------------------
// Rendering

// Full-width braces too: typed with a Japanese input method, ｛｛name｝｝ is what appears.
const PLACEHOLDER = /[{｛]{2}([^{}｛｝]*)[}｝]{2}/g;

interface PlaceholderUse {
  text: string;
  name: string;
  known: boolean;
}

function placeholderName(inner: string): string {
  return nfkc(inner).trim().toLowerCase();
}

function placeholdersIn(text: string): PlaceholderUse[] {
  const uses: PlaceholderUse[] = [];
  // replace() as a scan: String.prototype.matchAll is ES2020, newer than the bundle may use.
  text.replace(PLACEHOLDER, (whole: string, inner: string) => {
    const name = placeholderName(inner);
    uses.push({ text: whole, name, known: (PLACEHOLDERS as readonly string[]).includes(name) });
    return whole;
  });
  return uses;
}

export interface RenderedMail {
  subject: string;
  body: string;
  /** Placeholders that are not one of PLACEHOLDERS, as written ('{{foo}}'); left in the text. */
  unknownPlaceholders: string[];
  /** Known placeholders without a value (see renderTemplate); left in the text. */
  missingValues: PlaceholderName[];
}

/**
 * Fills a template. An unknown placeholder stays visible and is reported, so that a typo shows
 * in the draft instead of silently vanishing. Of the known ones, {{top_product}},
 * {{last_purchase}}, {{sender}} and {{signature}} may legitimately be empty (no product column; a
 * prospect has no purchase; the owner left them blank) and render as ''; a line they leave empty
 * is dropped, so a blank sender leaves no gap under the shop's name. Any other without a value (a
 * blank {{name}} or {{shop}}, {{days_since_last}} for a prospect) also stays visible and is
 * reported: 「様」 alone or "Dear ," would go out looking broken.
 */
export function renderTemplate(
  template: Pick<Template, 'subject' | 'body'>,
  placeholders: Placeholders,
  writer: Writer | string,
): RenderedMail {
  const who: Writer = typeof writer === 'string' ? { shop: writer, sender: '', signature: '' } : writer;
  const values: Record<PlaceholderName, string | null> = {
    name: placeholders.name.trim() || null,
    shop: who.shop.trim() || null,
    sender: who.sender.trim(),
    signature: who.signature.replace(/\r\n?/g, '\n').trim(),
    last_purchase: placeholders.last_purchase,
    top_product: placeholders.top_product,
    visits: String(placeholders.visits),
    days_since_last: placeholders.days_since_last === null ? null : String(placeholders.days_since_last),
  };
  const unknown = new Set<string>();
  const missing = new Set<PlaceholderName>();
  const fill = (text: string) =>
    text.replace(PLACEHOLDER, (whole: string, inner: string) => {
      const name = placeholderName(inner);
      if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
        unknown.add(whole);
        return whole;
      }
      const value = values[name as PlaceholderName];
      if (value === null) {
        missing.add(name as PlaceholderName);
        return whole;
      }
      return value;
    });
  const subject = fill(template.subject);
  const body = template.body
    .split('\n')
    .flatMap((line) => {
      const filled = fill(line);
      // Only placeholders on the line, all empty: the line goes (a line left blank on purpose stays).
      return filled.trim() === '' && line.replace(PLACEHOLDER, '').trim() === '' && line.trim() !== '' ? [] : [filled];
    })
    .join('\n');
  return { subject, body, unknownPlaceholders: [...unknown], missingValues: [...missing] };
}
