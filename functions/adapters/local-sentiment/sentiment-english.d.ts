/**
 * Types for the `sentiment` library's English language module (AFINN-165 labels and its
 * one-word-back negation strategy), which `@types/sentiment` does not cover. The analyzer builds its
 * own English on these labels. Imported as the CommonJS module rather than `labels.json`, so that
 * Node, tsx, vitest and the esbuild Lambda bundle all load it the same way.
 */
declare module 'sentiment/languages/en/index.js' {
  import type Sentiment from 'sentiment';

  const english: Required<Sentiment.LanguageModule>;
  export default english;
}
