/**
 * Themes of survey comments: key phrases and the topics a comment touches, for `GET /themes`.
 *
 * Pure and local: key phrases are runs of content words between stop words and punctuation (short
 * noun-ish phrases, nothing cleverer); topics come from a keyword taxonomy per language
 * (themes-taxonomy.ts). A comment may touch several topics; one that touches none is `other`.
 * Key phrases sit behind the `KeyPhraseExtractor` port so that Comprehend `BatchDetectKeyPhrases`
 * can provide them on AWS later; topics stay with the taxonomy either way.
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
  /** en, es, fr, de or pt; anything else is read as English. */
  language: string;
}

export interface KeyPhraseResult {
  id: string;
  phrases: string[];
}

/** Key phrases of comments, many per call; each request gets exactly one result. */
export interface KeyPhraseExtractor {
  keyPhrases(requests: readonly KeyPhraseRequest[]): Promise<KeyPhraseResult[]>;
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
