/**
 * Themes of survey comments: key phrases and the topics a comment touches, for `GET /themes`.
 *
 * Pure and local: key phrases are runs of content words between stop words and punctuation (short
 * noun-ish phrases, nothing cleverer); topics come from a keyword taxonomy per language
 * (themes-taxonomy.ts). A comment may touch several topics; one that touches none is `other`.
 * Key phrases sit behind the `KeyPhraseExtractor` port (Comprehend `BatchDetectKeyPhrases` on AWS,
 * this extractor locally); topics stay with the taxonomy either way. Both are worked out once, when
 * the answer is counted, and kept on the response; topic counts go to daily aggregates.
 */
import { TAXONOMY, THEME_STOPWORDS, type ThemeLanguage } from './themes-taxonomy';

export const TOPICS = [
  'wait_time',
  'agent_attitude',
  'resolution',
  'billing',
  'product_quality',
  'delivery',
  'communication',
  'website_app',
  'price',
  'other',
] as const;

export type Topic = (typeof TOPICS)[number];

export interface KeyPhraseRequest {
  id: string;
  text: string;
  /**
   * The comment's language (BCP 47 or a Comprehend code). The local extractor reads en, es, fr, de
   * and pt and anything else as English; Comprehend answers `[]` for a language it has no model for.
   */
  language: string;
}

export interface KeyPhraseResult {
  id: string;
  phrases: string[];
}

/**
 * Key phrases of comments, many per call; each request gets exactly one result (`[]` when the
 * service refuses that document). Throws when the whole call should be tried again later
 * (throttling, an outage), so the messages are retried.
 */
export interface KeyPhraseExtractor {
  keyPhrases(requests: readonly KeyPhraseRequest[]): Promise<KeyPhraseResult[]>;
}

/**
 * Topics counted per answer at most: the aggregates move one item per topic and day, and the
 * counting transaction must stay far below DynamoDB's 100 items (see countResponse).
 */
export const MAX_TOPICS_PER_ANSWER = 4;
/** Key phrases kept per answer (a sample for `topPhrases`, not an index of the comment). */
export const MAX_KEY_PHRASES_PER_ANSWER = 10;

/**
 * The row of the topic aggregates that counts commented answers once each, whatever their topics
 * (a comment counts in each of its topics, so topics do not add up to the answers).
 */
export const COMMENTED_ROW = '_commented';

/** The topics an answer is counted in: `classifyTopics`, at most MAX_TOPICS_PER_ANSWER. */
export const topicsOf = (text: string, language: string | undefined): Topic[] =>
  classifyTopics(text, language).slice(0, MAX_TOPICS_PER_ANSWER);

/** Key phrases as stored: trimmed, lower-case, each once, at most MAX_KEY_PHRASES_PER_ANSWER. */
export function keptPhrases(phrases: readonly string[]): string[] {
  const kept: string[] = [];
  for (const phrase of phrases) {
    const clean = phrase.trim().replace(/\s+/g, ' ').toLowerCase();
    if (clean !== '' && !kept.includes(clean)) kept.push(clean);
    if (kept.length === MAX_KEY_PHRASES_PER_ANSWER) break;
  }
  return kept;
}

/** The taxonomy's language for a language code (`pt-BR` → pt); English when unknown. */
export function themeLanguage(language: string | undefined): ThemeLanguage {
  const base = (language ?? '').toLowerCase().split(/[-_]/)[0];
  return base === 'es' || base === 'fr' || base === 'de' || base === 'pt' ? base : 'en';
}

/** French and Italian-style elisions (l', d', qu'...) split off a word in Romance languages. */
const ELISION = /^(?:[cdjlmnst]|qu)'/;

/**
 * The comment as clauses of lower-case words: punctuation and emoji end a clause, apostrophes stay
 * inside English words (didn't) and are split off elided Romance ones (d'attente → attente).
 */
function clauses(text: string, language: ThemeLanguage): string[][] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .split(/[^\p{L}\p{N}'\s-]+|\s-\s/u)
    .map((clause) =>
      clause
        .split(/\s+/)
        .map((word) => word.replace(/^['-]+|['-]+$/g, ''))
        // The elided article stays as its own (stop) word, so it still ends a key phrase.
        .flatMap((word) => (language !== 'en' && ELISION.test(word) ? word.split("'") : [word]))
        .filter((word) => word !== ''),
    )
    .filter((clause) => clause.length > 0);
}

/** Longest key phrase kept; longer runs of content words are cut into pieces of this size. */
const MAX_PHRASE_WORDS = 3;

/**
 * Key phrases of one comment: the runs of content words between stop words and punctuation, at
 * most three words each, without bare numbers or one-letter words; each phrase once, in order.
 */
export function extractKeyPhrases(text: string, language: string | undefined): string[] {
  const lang = themeLanguage(language);
  const stop = THEME_STOPWORDS[lang];
  const phrases: string[] = [];
  const flush = (run: string[]) => {
    for (let i = 0; i < run.length; i += MAX_PHRASE_WORDS) {
      const phrase = run.slice(i, i + MAX_PHRASE_WORDS).join(' ');
      if (!phrases.includes(phrase)) phrases.push(phrase);
    }
  };
  for (const clause of clauses(text, lang)) {
    let run: string[] = [];
    for (const word of clause) {
      const content = !stop.has(word) && word.length > 1 && !/^\d+[\p{L}]{0,3}$/u.test(word);
      if (content) run.push(word);
      else {
        flush(run);
        run = [];
      }
    }
    flush(run);
  }
  return phrases;
}

/** A taxonomy entry as a word matcher: exact word, or prefix with a trailing `*`. */
const matchesWord = (pattern: string, word: string): boolean =>
  pattern.endsWith('*') ? word.startsWith(pattern.slice(0, -1)) : word === pattern;

/** Whether the entry (a word or phrase) occurs in the clause's consecutive words. */
function occursIn(entry: string, clause: readonly string[]): boolean {
  const parts = entry.split(' ');
  for (let start = 0; start + parts.length <= clause.length; start++) {
    if (parts.every((part, i) => matchesWord(part, clause[start + i] ?? ''))) return true;
  }
  return false;
}

/**
 * The topics a comment touches, in the order of `TOPICS`: every topic with a taxonomy entry in the
 * text; `['other']` when none (including empty, one-word praise and emoji-only comments).
 */
export function classifyTopics(text: string, language: string | undefined): Topic[] {
  const lang = themeLanguage(language);
  const parts = clauses(text, lang);
  const taxonomy = TAXONOMY[lang];
  const found = TOPICS.filter(
    (topic) =>
      topic !== 'other' && taxonomy[topic].some((entry) => parts.some((clause) => occursIn(entry, clause))),
  );
  return found.length > 0 ? found : ['other'];
}
