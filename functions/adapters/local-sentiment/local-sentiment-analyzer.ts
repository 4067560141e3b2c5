/**
 * The offline stand-in for Amazon Comprehend: scores survey comments in-process with the
 * `sentiment` library (AFINN-165 word scores, tokenizer, per-language scoring strategies) extended
 * by customer-service lexicons for en, es, fr, de and pt (see `lexicon.ts`).
 *
 * How a comment is scored:
 * 1. It is cut into clauses at punctuation and at contrast markers ("but", "on the other hand").
 * 2. In each clause, multi-word expressions ("still waiting", "can't fault it") become one scored
 *    token, then the library scores every token with our strategy: negation within three words
 *    ("wasn't really helpful"), intensifiers ("very"), emphasis such as "at all".
 * 3. Shouting (a clause in capitals) and "!!" strengthen a clause.
 * 4. The verdict: sarcasm cues turn praise into complaint; opposite clauses across a contrast,
 *    or strong praise and complaint together, are `mixed`; a small net score is `neutral`.
 *
 * Deterministic and synchronous: no model, no I/O, thousands of comments a second.
 */
import Sentiment from 'sentiment';
import libraryEnglish from 'sentiment/languages/en/index.js';
import type { Sentiment as SentimentLabel } from '../../domain/model';
import type { SentimentAnalyzer, SentimentOutcome, SentimentRequest } from '../../domain/ports';
import { detectLanguage, isLatinScript } from './detect-language';
import {
  EMOJI_SCORES,
  isSupportedLanguage,
  type LanguageLexicon,
  LEXICONS,
  SARCASM_EMOJI,
  SUPPORTED_LANGUAGES,
  type SupportedLanguage,
} from './lexicon';

/** How much of a word's score survives negation, reversed: "not good" is weaker than "bad". */
const NEGATION_FACTOR = -0.75;
/** A negated complaint is faint praise: "wasn't rude" is far from "was kind". */
const NEGATED_NEGATIVE_FACTOR = -0.4;
/** "not helpful at all" is more than "not helpful". */
const NEGATION_BOOST = 1.5;
/** How far back a negator reaches: "wasn't really very helpful". */
const NEGATION_WINDOW = 3;
/** A clause written in capitals is shouted. */
const SHOUT_FACTOR = 1.5;
/** Net scores within this band are `neutral`: "fine", "ok", "in Ordnung". */
const NEUTRAL_BAND = 1;
/** A contrast clause must carry at least this much sentiment to make a comment `mixed`. */
const CONTRAST_MIN = 1;
/**
 * Short verdicts side by side contrast without a marker ("great product, terrible delivery") when
 * each is this strong and this short; in long narrative clauses a turn is just the story moving on.
 */
const JUXTAPOSED_MIN = 2.5;
const JUXTAPOSED_MAX_WORDS = 5;
/** Without any contrast, praise and complaint are `mixed` when the weaker is this strong… */
const MIXED_MIN_SIDE = 1.5;
/** …and at least this share of the stronger. */
const MIXED_MIN_RATIO = 0.5;

/** The score of one comment, with the sums behind it (useful when tuning the lexicons). */
export interface CommentScore {
  sentiment: SentimentLabel;
  /** Sum of positive contributions, after sarcasm. */
  positive: number;
  /** Sum of negative contributions as a positive number, after sarcasm. */
  negative: number;
  sarcastic: boolean;
}

/** A lexicon compiled into the regular expressions and sets the scorer runs. */
interface CompiledLanguage {
  /** The library's language code: namespaced so the library's own `en` stays untouched. */
  code: string;
  lexicon: LanguageLexicon;
  /** The labels registered with the library, to find a word's lexicon form. */
  labels: Readonly<Record<string, number>>;
  /** Inflection endings, longest first. */
  inflections: readonly string[];
  phrases: ReadonlyArray<{ pattern: RegExp; token: string }>;
  sarcasm: readonly RegExp[];
  mixedCues: readonly RegExp[];
  /** One pattern finding every contrast marker in a clause. */
  contrast: RegExp | undefined;
  trailingContrast: ReadonlySet<string>;
}

/** Unicode-aware word boundaries: `\b` only knows ASCII letters. */
const BEFORE_WORD = '(?<![\\p{L}\\p{N}])';
const AFTER_WORD = '(?![\\p{L}\\p{N}])';
const ANY_WORD = "[\\p{L}\\p{N}']+";
/** Marks our phrase tokens; stripped from input so a customer cannot type one. */
const PHRASE_MARK = '§';

const sentiment = new Sentiment();
const compiled = new Map<SupportedLanguage, CompiledLanguage>(
  SUPPORTED_LANGUAGES.map((language) => [language, registerLanguage(language)]),
);

/**
 * Scores comments locally: one outcome per request, in order, ids preserved. The language is the
 * one the text is confidently written in (customers often write in another language than their
 * account's locale), else the primary subtag of `request.language` (`pt-BR` → `pt`), else English
 * for Latin script; languages other than en/es/fr/de/pt are `unsupported_language`.
 */
export class LocalSentimentAnalyzer implements SentimentAnalyzer {
  analyze(requests: readonly SentimentRequest[]): Promise<SentimentOutcome[]> {
    return Promise.resolve(requests.map((request) => this.analyzeOne(request)));
  }

  /** Scores one comment synchronously; never throws. */
  analyzeOne(request: SentimentRequest): SentimentOutcome {
    const { id, text } = request;
    try {
      const requested = primaryLanguage(request.language);
      if (text.trim() === '') {
        // Callers normally skip empty comments; if one comes, it still gets its one outcome.
        return { id, state: 'done', sentiment: 'neutral', language: requested ?? 'en' };
      }
      const language = detectLanguage(text) ?? requested ?? (isLatinScript(text) ? 'en' : 'und');
      if (!isSupportedLanguage(language)) return { id, state: 'unsupported_language', language };
      return { id, state: 'done', sentiment: scoreComment(text, language).sentiment, language };
    } catch (error) {
      // A bug on one odd comment must not fail the whole batch; it is recorded, not retried.
      return {
        id,
        state: 'failed',
        retryable: false,
        reason: error instanceof Error ? error.message : String(error),
      };
    }
  }
}

/** Scores one comment in a language the local analyzer knows. */
export function scoreComment(text: string, language: SupportedLanguage): CommentScore {
  const lang = compiledLanguage(language);
  const whole = normalize(text, lang.lexicon);
  const sarcasmCue =
    lang.sarcasm.some((pattern) => pattern.test(whole)) ||
    SARCASM_EMOJI.some((emoji) => text.includes(emoji));
  const mixedCue = lang.mixedCues.some((pattern) => pattern.test(whole));

  let positive = 0;
  let negative = 0;
  const segmentNets: number[] = [];
  let segmentNet = 0;
  const verdicts: Array<{ net: number; short: boolean }> = [];
  for (const clause of splitClauses(text)) {
    const emphasis = emphasisOf(clause);
    for (const part of splitAtContrast(normalize(clause.text, lang.lexicon), lang)) {
      if (part.turns) {
        segmentNets.push(segmentNet);
        segmentNet = 0;
      }
      const score = scoreClause(part.text, lang);
      positive += score.positive * emphasis;
      negative += score.negative * emphasis;
      const net = (score.positive - score.negative) * emphasis;
      segmentNet += net;
      if (net !== 0) verdicts.push({ net, short: part.text.split(' ').length <= JUXTAPOSED_MAX_WORDS });
    }
  }
  segmentNets.push(segmentNet);

  // Sarcasm only when there is something to complain about: "Nice to know someone cares" is praise.
  const sarcastic = sarcasmCue && negative > 0;
  if (sarcastic) {
    return {
      sentiment: verdictOf(0, negative + positive),
      positive: 0,
      negative: negative + positive,
      sarcastic,
    };
  }
  if (mixedCue) return { sentiment: 'mixed', positive, negative, sarcastic };
  const turnsAround =
    (segmentNets.some((net) => net >= CONTRAST_MIN) && segmentNets.some((net) => net <= -CONTRAST_MIN)) ||
    verdicts.some((verdict, i) => {
      const next = verdicts[i + 1];
      return (
        next !== undefined &&
        verdict.short &&
        next.short &&
        verdict.net * next.net < 0 &&
        Math.min(Math.abs(verdict.net), Math.abs(next.net)) >= JUXTAPOSED_MIN
      );
    });
  const weaker = Math.min(positive, negative);
  const balanced = weaker >= MIXED_MIN_SIDE && weaker >= MIXED_MIN_RATIO * Math.max(positive, negative);
  if (turnsAround || balanced) return { sentiment: 'mixed', positive, negative, sarcastic };
  return { sentiment: verdictOf(positive, negative), positive, negative, sarcastic };
}

function verdictOf(positive: number, negative: number): SentimentLabel {
  const net = positive - negative;
  if (net > NEUTRAL_BAND) return 'positive';
  if (net < -NEUTRAL_BAND) return 'negative';
  return 'neutral';
}

/** `pt-BR` → `pt`; `undefined` for a missing or blank tag. */
function primaryLanguage(tag: string | undefined): string | undefined {
  const primary = tag?.trim().split(/[-_]/)[0]?.toLowerCase();
  return primary ? primary : undefined;
}

function compiledLanguage(language: SupportedLanguage): CompiledLanguage {
  const found = compiled.get(language);
  if (!found) throw new Error(`No lexicon for ${language}`);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Text handling

interface RawClause {
  text: string;
  /** The punctuation that closed it ("!!", "?", ","). */
  closing: string;
}

/**
 * Cuts the original text at clause punctuation, keeping what closed each clause. Decimal points
 * and thousands separators (1.5, 1,000) do not cut.
 */
function splitClauses(text: string): RawClause[] {
  const clauses: RawClause[] = [];
  const pattern = /((?:(?<!\d)[.,](?!\d)|[!?;:…\n]|\s[-–—]+\s)+)/u;
  const pieces = text.split(pattern);
  for (let i = 0; i < pieces.length; i += 2) {
    const clauseText = pieces[i] ?? '';
    if (clauseText.trim() !== '') clauses.push({ text: clauseText, closing: pieces[i + 1] ?? '' });
  }
  return clauses;
}

/** Shouting and exclamation marks make whatever the clause says stronger. */
function emphasisOf(clause: RawClause): number {
  const letters = clause.text.match(/\p{L}/gu) ?? [];
  const upper = letters.filter((letter) => letter !== letter.toLowerCase()).length;
  const shouted = letters.length >= 4 && upper / letters.length >= 0.7;
  const bangs = (clause.closing.match(/!/g) ?? []).length;
  return (shouted ? SHOUT_FACTOR : 1) * (bangs >= 2 ? 1.3 : bangs === 1 ? 1.1 : 1);
}

/**
 * Lower case, straight apostrophes, single spaces, emoji set apart as their own tokens, accents
 * folded where the lexicon asks, French elisions split, and common misspellings corrected.
 */
function normalize(text: string, lexicon: LanguageLexicon): string {
  let result = text
    .normalize('NFC')
    .replace(/[’‘ʼ`´]/g, "'")
    .replaceAll(PHRASE_MARK, ' ')
    // Variation selectors and skin tones would hide an emoji from the lexicon.
    .replace(/[\uFE0E\uFE0F\u200D]|\p{Emoji_Modifier}/gu, '')
    .replace(/(\p{Extended_Pictographic})/gu, ' $1 ')
    .toLowerCase()
    // Quotes around words ('known issue') are not apostrophes.
    .replace(/(?<!\p{L})'|'(?!\p{L})/gu, ' ');
  if (lexicon.foldDiacritics) result = foldDiacritics(result);
  if (lexicon.elisions) {
    const elided = new Set(lexicon.elisions);
    result = result.replace(/(?<!\p{L})(\p{L}{1,2})'(?=\p{L})/gu, (match, word: string) =>
      elided.has(word) ? `${word}' ` : match,
    );
  }
  result = result.replace(/\s+/g, ' ').trim();
  const respellings = lexicon.respellings;
  if (respellings) {
    result = result.replace(/[\p{L}']+/gu, (word) =>
      Object.hasOwn(respellings, word) ? (respellings[word] ?? word) : word,
    );
  }
  return result;
}

function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

/**
 * Splits a normalised clause before each contrast marker; a part starting at a marker `turns`.
 * A trailing marker ("… awful though") turns the clause it closes.
 */
function splitAtContrast(clause: string, lang: CompiledLanguage): Array<{ text: string; turns: boolean }> {
  const lastWord = clause.slice(clause.lastIndexOf(' ') + 1);
  if (lang.trailingContrast.has(lastWord)) return [{ text: clause, turns: true }];
  if (!lang.contrast) return [{ text: clause, turns: false }];
  const parts: Array<{ text: string; turns: boolean }> = [];
  let start = 0;
  let turns = false;
  for (const match of clause.matchAll(lang.contrast)) {
    const before = clause.slice(start, match.index).trim();
    if (before !== '') parts.push({ text: before, turns });
    start = match.index;
    turns = true;
  }
  parts.push({ text: clause.slice(start).trim(), turns });
  return parts;
}

/** Multi-word expressions become one token, then the library scores the tokens. */
function scoreClause(clause: string, lang: CompiledLanguage): { positive: number; negative: number } {
  let text = clause;
  for (const { pattern, token } of lang.phrases) text = text.replace(pattern, ` ${token} `);
  if (lang.inflections.length > 0) text = text.replace(/[\p{L}']+/gu, (word) => lexiconForm(word, lang));
  const result = sentiment.analyze(text, { language: lang.code });
  let positive = 0;
  let negative = 0;
  for (const entry of result.calculation) {
    for (const score of Object.values(entry)) {
      if (score > 0) positive += score;
      else negative -= score;
    }
  }
  return { positive, negative };
}

/** The word itself when the lexicon has it, else the first stem (inflection removed) it has. */
function lexiconForm(word: string, lang: CompiledLanguage): string {
  if (Object.hasOwn(lang.labels, word)) return word;
  for (const ending of lang.inflections) {
    const stem = word.slice(0, -ending.length);
    if (word.endsWith(ending) && stem.length >= 3 && Object.hasOwn(lang.labels, stem)) return stem;
  }
  return word;
}

// ---------------------------------------------------------------------------------------------
// Registration with the `sentiment` library

/**
 * Registers one language with the library under a namespaced code (`lifeline-en`): the library
 * keeps languages in a process-wide table, and registering over its `en` would change what every
 * other user of the library in the process gets.
 */
function registerLanguage(language: SupportedLanguage): CompiledLanguage {
  const lexicon = LEXICONS[language];
  // Words are lower-cased and folded like the text; patterns only folded (`\D` must keep its case).
  const foldPattern = (source: string) => (lexicon.foldDiacritics ? foldDiacritics(source) : source);
  const fold = (word: string) => foldPattern(word.toLowerCase());

  const labels: Record<string, number> = language === 'en' ? { ...libraryEnglish.labels } : {};
  for (const [word, score] of Object.entries(lexicon.words)) labels[fold(word)] = score;

  const phrases = lexicon.phrases.map((rule, index) => {
    const token = `${PHRASE_MARK}${index}`;
    labels[token] = rule.score;
    return { pattern: compilePattern(foldPattern(rule.pattern), 'gu'), token };
  });

  const code = `lifeline-${language}`;
  const negatingTokens = phrases
    .filter((_, index) => lexicon.phrases[index]?.negates)
    .map(({ token }) => token);
  sentiment.registerLanguage(code, {
    labels,
    scoringStrategy: scoringStrategyFor(lexicon, fold, negatingTokens),
  });
  // The library merges its own emoji table into `labels` as it registers; ours must win.
  Object.assign(labels, EMOJI_SCORES);

  const markers = [...lexicon.contrast].map(fold).sort((a, b) => b.length - a.length);
  return {
    code,
    lexicon,
    labels,
    inflections: [...(lexicon.inflections ?? [])].map(fold).sort((a, b) => b.length - a.length),
    phrases,
    sarcasm: lexicon.sarcasm.map((source) => compilePattern(foldPattern(source), 'u')),
    mixedCues: lexicon.mixedCues.map((source) => compilePattern(foldPattern(source), 'u')),
    contrast: markers.length > 0 ? compilePattern(markers.map(escapeRegExp).join('|'), 'gu') : undefined,
    trailingContrast: new Set(lexicon.trailingContrast.map(fold)),
  };
}

function compilePattern(source: string, flags: string): RegExp {
  return new RegExp(`${BEFORE_WORD}(?:${source.replaceAll('<w>', ANY_WORD)})${AFTER_WORD}`, flags);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The library calls this for every scored token with the clause's tokens. It replaces the
 * library's English strategy, which only looks one word back and misses "wasn't".
 */
function scoringStrategyFor(
  lexicon: LanguageLexicon,
  fold: (text: string) => string,
  negatingTokens: readonly string[],
): NonNullable<Sentiment.LanguageModule['scoringStrategy']> {
  const negators = new Set([...lexicon.negators.map(fold), ...negatingTokens]);
  const suffixes = (lexicon.negatorSuffixes ?? []).map(fold);
  const trailingNegators = lexicon.trailingNegators ?? [];
  const trailing = new Set([
    ...trailingNegators.map(fold),
    ...(trailingNegators.length > 0 ? negatingTokens : []),
  ]);
  const boosters = lexicon.negationBoosters.map(fold);
  const intensifiers = new Map(
    Object.entries(lexicon.intensifiers).map(([word, factor]) => [fold(word), factor]),
  );
  const carriesNegation = new Set(negatingTokens);
  const isNegator = (token: string | undefined) =>
    token !== undefined && (negators.has(token) || suffixes.some((suffix) => token.endsWith(suffix)));

  return {
    apply(tokens, cursor, tokenScore) {
      let score = tokenScore;
      const previous = tokens[cursor - 1];
      const twoBack = tokens[cursor - 2];
      const factor =
        (previous !== undefined ? intensifiers.get(previous) : undefined) ??
        (previous !== undefined && twoBack !== undefined
          ? intensifiers.get(`${twoBack} ${previous}`)
          : undefined);
      if (factor !== undefined) score *= factor;

      // "still not" already holds its negation; a "ne" before it is the same negation, not a second.
      if (carriesNegation.has(tokens[cursor] ?? '')) return score;
      let negated = false;
      for (let back = 1; back <= NEGATION_WINDOW && cursor - back >= 0; back += 1) {
        if (isNegator(tokens[cursor - back])) {
          negated = true;
          break;
        }
      }
      // German puts "nicht" after the verb it negates: "funktioniert nicht".
      if (!negated && score > 0 && trailing.has(tokens[cursor + 1] ?? '')) negated = true;
      if (negated) {
        score *= score > 0 ? NEGATION_FACTOR : NEGATED_NEGATIVE_FACTOR;
        const clause = ` ${tokens.join(' ')} `;
        if (boosters.some((booster) => clause.includes(` ${booster} `))) score *= NEGATION_BOOST;
      }
      return score;
    },
  };
}
