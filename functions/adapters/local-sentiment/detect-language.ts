/**
 * A small language guesser for survey comments, used when the customer's locale is unknown.
 *
 * It tells apart the five languages the local analyzer scores (en, es, fr, de, pt) by their
 * commonest function words plus a few letters and endings only one of them uses, and names a few
 * languages whose script alone gives them away (Japanese kana, Korean Hangul...). Comments are
 * short, so it declines to guess rather than guess wrong: "ok", "👍" or "N/A" give `undefined`.
 */

/** Splits a space-separated word list (kept compact: these are data, not code). */
const words = (list: string): readonly string[] => list.split(' ');

/** Function words: frequent in any sentence of their language; overlaps (`de`, `que`) score for each. */
const STOPWORDS: Readonly<Record<string, readonly string[]>> = {
  en: words(
    'the and is was were are i you to of it my for on with not this that have has had but they be ' +
      'been me at get got just very what when your can will would there from an out again still in ' +
      "after about she he i'm didn't don't can't",
  ),
  es: words(
    'el la los las de que y en un una es por con para muy pero me mi lo se del al no más ya todo ' +
      'nada nadie está estoy fue hay porque cuando como sin llevo tengo gracias su le ha han sido ' +
      'eso esta este',
  ),
  fr: words(
    'le la les de des du et est un une pour pas que qui je il elle ne ce ça mais avec sur dans ' +
      "très tout rien mon ma mes au aux été après vous nous suis merci on ai a j'ai c'est n'est " +
      "d'attente toujours plus",
  ),
  de: words(
    'der die das und ist nicht ein eine einen ich mit zu den dem von auf für es sie er war hat ' +
      'haben aber auch noch sehr kein keine alles wir mein meine kam konnte nach bei wurde immer ' +
      'schon danke dank vielen in ohne trotzdem wieder',
  ),
  pt: words(
    'o a os as de do da dos das que e em um uma não com para por meu minha muito mas foi é está ' +
      'estou ninguém nada ainda já obrigado obrigada você vocês isso esse essa no na nos nas ao ' +
      'pelo pela seu sua tem',
  ),
};

/** Letters and endings that point at one language (weights are in stopword units). */
const CUES: ReadonlyArray<{ pattern: RegExp; language: string; weight: number }> = [
  { pattern: /[ñ¿¡]/g, language: 'es', weight: 2 },
  { pattern: /ci[óo]n(?:es)?\b/g, language: 'es', weight: 1.5 },
  { pattern: /[ãõ]/g, language: 'pt', weight: 2 },
  { pattern: /ç[ãõ]o|ções\b/g, language: 'pt', weight: 1 },
  { pattern: /ß/g, language: 'de', weight: 2 },
  { pattern: /[äö]/g, language: 'de', weight: 1 },
  { pattern: /ü/g, language: 'de', weight: 0.5 },
  { pattern: /(?:ung|keit|heit|lich|sch)\b/g, language: 'de', weight: 0.5 },
  { pattern: /[èùûœë]/g, language: 'fr', weight: 1 },
  { pattern: /ç/g, language: 'fr', weight: 0.5 },
  { pattern: /ç/g, language: 'pt', weight: 0.5 },
  { pattern: /\b[dlj]'/g, language: 'fr', weight: 1 },
  { pattern: /(?:n't|'s|'ll|'ve|'re)\b/g, language: 'en', weight: 1 },
];

/** Scripts that name their language outright; other non-Latin scripts are shared by several. */
const SCRIPT_LANGUAGES: ReadonlyArray<{ pattern: RegExp; language: string }> = [
  { pattern: /[\p{Script=Hiragana}\p{Script=Katakana}]/u, language: 'ja' },
  { pattern: /\p{Script=Hangul}/u, language: 'ko' },
  { pattern: /\p{Script=Han}/u, language: 'zh' },
  { pattern: /\p{Script=Greek}/u, language: 'el' },
  { pattern: /\p{Script=Hebrew}/u, language: 'he' },
  { pattern: /\p{Script=Thai}/u, language: 'th' },
  { pattern: /\p{Script=Georgian}/u, language: 'ka' },
  { pattern: /\p{Script=Armenian}/u, language: 'hy' },
];

const STOPWORD_SETS = new Map<string, ReadonlySet<string>>(
  Object.entries(STOPWORDS).map(([language, words]) => [language, new Set(words)]),
);

/** Below this much evidence a guess is a coin toss on a short comment. */
const MIN_EVIDENCE = 1;

/**
 * Guesses the language of a comment: `en`, `es`, `fr`, `de` or `pt` from function words and
 * letters; `ja`, `ko`, `zh`, `el`, `he`, `th`, `ka`, `hy` from a script only that language uses;
 * `undefined` when the evidence is thin or tied, or when the text is in another non-Latin script.
 */
export function detectLanguage(text: string): string | undefined {
  const lower = text.normalize('NFC').toLowerCase();
  if (!isLatinScript(lower)) {
    // Kana before Han: Japanese mixes both, Chinese has no kana.
    return SCRIPT_LANGUAGES.find(({ pattern }) => pattern.test(lower))?.language;
  }

  const scores = new Map<string, number>();
  const add = (language: string, weight: number) =>
    scores.set(language, (scores.get(language) ?? 0) + weight);

  for (const word of lower.replace(/[’‘]/g, "'").split(/[^\p{L}']+/u)) {
    if (word === '') continue;
    for (const [language, set] of STOPWORD_SETS) {
      if (set.has(word)) add(language, 1);
    }
  }
  for (const { pattern, language, weight } of CUES) {
    const hits = lower.match(pattern)?.length ?? 0;
    if (hits > 0) add(language, weight * Math.min(hits, 3));
  }

  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < MIN_EVIDENCE) return undefined;
  if (second && second[1] === best[1]) return undefined;
  return best[0];
}

/**
 * Whether most letters of the text are Latin (a text with no letters at all, such as "👍" or
 * "10/10", counts as Latin: it is scored, not refused).
 */
export function isLatinScript(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return true;
  const latin = letters.filter((letter) => /\p{Script=Latin}/u.test(letter)).length;
  return latin * 2 >= letters.length;
}
