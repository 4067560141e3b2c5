/**
 * What an SMS costs: its encoding, its length in that encoding and its number of segments
 * (carriers bill per segment).
 *
 * A text whose every character is in the GSM 03.38 default alphabet goes as GSM-7: 160 septets in
 * one segment, 153 per segment once concatenated (the rest carries the concatenation header).
 * Characters of the extension table (`€ [ ] { } ^ ~ \ |` and form feed) take two septets (an
 * escape, then the character). A single character outside both tables sends the whole text as
 * UCS-2: 70 UTF-16 code units in one segment, 67 per segment concatenated; characters outside the
 * Basic Multilingual Plane (most emoji) take two code units.
 *
 * Segments are packed as encoders do: an escape sequence or a surrogate pair is never split
 * across two segments, so a text can need one more segment than `ceil(length / 153)` suggests.
 * Pure.
 */

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsSize {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  length: number;
  segments: number;
}

/** Per-segment capacity: a single message, and each part of a concatenated one. */
export const SEGMENT_LIMITS: Record<SmsEncoding, { single: number; concatenated: number }> = {
  gsm7: { single: 160, concatenated: 153 },
  ucs2: { single: 70, concatenated: 67 },
};

/**
 * GSM 03.38 default alphabet, in table order (0x00–0x7F; 0x1B is the escape, not a character).
 * Note the accented letters it has (é è ù ì ò Ç Ø ø Å å Ä Ö Ñ Ü ä ö ñ ü à É ß Æ æ) and those it
 * lacks (á í ó ú ç ã õ ê â ë ï ô û …): `ç` is not `Ç`.
 */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** GSM 03.38 extension table: sent as escape + character, two septets each. */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

/** Whether a single character (one code point) can be sent in GSM-7. */
export const isGsm7Char = (char: string): boolean => GSM7_BASIC.has(char) || GSM7_EXTENSION.has(char);

/** Whether the whole text can be sent in GSM-7. */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!isGsm7Char(char)) return false;
  return true;
}

/** Encoding, length and segment count of an SMS text. An empty text still is one message. */
export function smsSize(text: string): SmsSize {
  const encoding: SmsEncoding = isGsm7(text) ? 'gsm7' : 'ucs2';
  // Units of each character that must stay in one segment: septets, or UTF-16 code units.
  const units = Array.from(text, (char) =>
    encoding === 'gsm7' ? (GSM7_EXTENSION.has(char) ? 2 : 1) : char.length,
  );
  const length = units.reduce((sum, n) => sum + n, 0);
  const { single, concatenated } = SEGMENT_LIMITS[encoding];
  if (length <= single) return { encoding, length, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const n of units) {
    if (used + n > concatenated) {
      segments++;
      used = 0;
    }
    used += n;
  }
  return { encoding, length, segments };
}

/** How many segments a text may take, per encoding. */
export type SegmentBudget = Partial<Record<SmsEncoding, number>>;

/** Whether a text fits a budget; an encoding the budget does not name does not fit. */
export function fitsSegments(text: string, budget: SegmentBudget): boolean {
  const size = smsSize(text);
  const allowed = budget[size.encoding];
  return allowed !== undefined && size.segments <= allowed;
}

/** Typographic punctuation with a plain GSM-7 equivalent. */
const PLAIN_PUNCTUATION: Record<string, string> = {
  '‘': "'",
  '’': "'",
  '‚': "'",
  '′': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '″': '"',
  '«': '"',
  '»': '"',
  '–': '-',
  '—': '-',
  '…': '...',
  '\u00a0': ' ',
};

/**
 * A text with each character outside GSM-7 replaced by its GSM-7 equivalent where there is one:
 * typographic quotes and dashes by plain ones, an accented letter by its base letter when that is
 * in GSM-7 (`María` → `Maria`, `João` → `Joao`, `O’Brien` → `O'Brien`; `é` stays `é`). Characters
 * without an equivalent (`Łukasz`'s `Ł`, non-Latin scripts, emoji) stay as they are, so the result
 * may still need UCS-2: check it with `isGsm7`.
 */
export function foldToGsm7(text: string): string {
  let folded = '';
  for (const char of text.normalize('NFC')) {
    if (isGsm7Char(char)) folded += char;
    else if (PLAIN_PUNCTUATION[char] !== undefined) folded += PLAIN_PUNCTUATION[char];
    else {
      const base = char.normalize('NFD').replace(/\p{M}+/gu, '');
      folded += base && isGsm7(base) ? base : char;
    }
  }
  return folded;
}
