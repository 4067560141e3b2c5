/**
 * The shape of the local analyzer's word lists, the emoji scores every language shares, and the
 * registry of the five languages it knows. The lists themselves live in `lexicon-<language>.ts`.
 *
 * Scores follow AFINN's scale (-5..+5) so our terms and the `sentiment` library's own English
 * labels add up on one scale.
 */
import { DE_LEXICON } from './lexicon-de';
import { EN_LEXICON } from './lexicon-en';
import { ES_LEXICON } from './lexicon-es';
import { FR_LEXICON } from './lexicon-fr';
import { PT_LEXICON } from './lexicon-pt';

/** Languages the local analyzer scores; anything else is `unsupported_language`. */
export const SUPPORTED_LANGUAGES = ['en', 'es', 'fr', 'de', 'pt'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

/** A multi-word expression scored as one unit (the words inside it are not scored again). */
export interface PhraseRule {
  /**
   * Regular-expression source matched against the normalised comment: lower case, single spaces,
   * straight apostrophes, and for languages with `foldDiacritics` no accents (write accents here
   * freely, they are folded the same way). Word boundaries are added around it. Write `<w>` for
   * "any one word": `\w` knows no accented letters.
   */
  pattern: string;
  score: number;
  /**
   * The expression also negates what follows, like a negator: "still don't have a working line",
   * "toujours pas de connexion". Scored itself, and flips the next scored words.
   */
  negates?: boolean;
}

/** Everything the analyzer needs to score one language. */
export interface LanguageLexicon {
  /** Single-word scores. English ones are laid over AFINN; others stand alone. */
  words: Readonly<Record<string, number>>;
  /** Multi-word expressions, applied in order: put the more specific ones first. */
  phrases: readonly PhraseRule[];
  /** Words that flip the polarity of a scored word up to three words after them. */
  negators: readonly string[];
  /** Word endings that make a token a negator (English `n't`, French elided `n'`). */
  negatorSuffixes?: readonly string[];
  /** Negators that may follow the word they negate (German `funktioniert nicht`). */
  trailingNegators?: readonly string[];
  /** Multi-word emphasis on a negation (`not helpful at all`): found anywhere in the clause. */
  negationBoosters: readonly string[];
  /** Words that scale the scored word right after them (`very`, `a bit`). */
  intensifiers: Readonly<Record<string, number>>;
  /** Markers that start a clause turning against the one before (`but`, `on the other hand`). */
  contrast: readonly string[];
  /** Contrast markers that close the clause they turn (`… awful though`). */
  trailingContrast: readonly string[];
  /** Cheap sarcasm cues (regex sources over the normalised comment). */
  sarcasm: readonly string[];
  /** Expressions that say outright the experience was mixed (regex sources). */
  mixedCues: readonly string[];
  /**
   * Inflection endings tried, longest first, when a word is not in the lexicon: lets `schnelle` and
   * `unfreundlicher` find `schnell` and `unfreundlich` without listing every form.
   */
  inflections?: readonly string[];
  /** Whole-word spelling fixes applied before scoring (common typos, dropped apostrophes). */
  respellings?: Readonly<Record<string, string>>;
  /** Elided words split from the next one (`d'attente` → `d' attente`), so the next is found. */
  elisions?: readonly string[];
  /** Whether to drop accents before matching: customers often type `atencion` for `atención`. */
  foldDiacritics: boolean;
}

/**
 * Emoji scores, laid over the `sentiment` library's own emoji table. Ours win where they differ:
 * the library's table comes from social-media use, while in a complaint 😂 is usually exasperation
 * and 🙄 (missing from the library) is the commonest sarcasm marker in survey comments.
 */
export const EMOJI_SCORES: Readonly<Record<string, number>> = {
  '👍': 2,
  '👌': 2,
  '👏': 2,
  '🙌': 2,
  '🙏': 2,
  '💪': 1,
  '✅': 1,
  '⭐': 1,
  '🌟': 2,
  '🎉': 2,
  '🥳': 2,
  '💯': 3,
  '❤': 3,
  '♥': 3,
  '💙': 3,
  '💚': 3,
  '😀': 2,
  '😃': 2,
  '😄': 2,
  '😁': 2,
  '😊': 2,
  '😉': 1,
  '🙂': 2,
  '😍': 3,
  '🥰': 3,
  '🤩': 3,
  '😂': 0,
  '🤣': 0,
  '😅': 0,
  '😐': 0,
  '😑': -1,
  '🤷': -1,
  '😕': -1,
  '🙁': -2,
  '☹': -2,
  '😞': -2,
  '😔': -2,
  '😟': -2,
  '😢': -2,
  '😭': -2,
  '😩': -2,
  '😫': -2,
  '😖': -2,
  '😣': -2,
  '😒': -2,
  '🙄': -2,
  '🤦': -2,
  '😤': -3,
  '😠': -3,
  '😡': -3,
  '🤬': -4,
  '👎': -3,
  '💩': -3,
  '❌': -1,
  '🛑': -1,
};

/**
 * Emoji that mark the words around them as ironic ("Wow, thanks so much 🙄"). Shared by every
 * language, so they are matched on the raw comment rather than listed in each lexicon.
 */
export const SARCASM_EMOJI: readonly string[] = ['🙄', '😒', '🤦'];

/** The five lexicons, by language. */
export const LEXICONS: Readonly<Record<SupportedLanguage, LanguageLexicon>> = {
  en: EN_LEXICON,
  es: ES_LEXICON,
  fr: FR_LEXICON,
  de: DE_LEXICON,
  pt: PT_LEXICON,
};

/** Narrows a language code to one the local analyzer scores. */
export function isSupportedLanguage(language: string): language is SupportedLanguage {
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(language);
}
