import { readFileSync } from 'node:fs';
import Sentiment from 'sentiment';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { detectLanguage } from '../../functions/adapters/local-sentiment/detect-language';
import {
  LocalSentimentAnalyzer,
  scoreComment,
} from '../../functions/adapters/local-sentiment/local-sentiment-analyzer';
import type { Sentiment as SentimentLabel } from '../../functions/domain/model';
import type { SentimentOutcome } from '../../functions/domain/ports';

/** The hand-labelled development set; `shared` sits beside the repository. */
const DATASET = new URL('../../../shared/data/comments-dev.jsonl', import.meta.url);

const labelledComment = z.object({
  text: z.string(),
  sentiment: z.enum(['positive', 'negative', 'neutral', 'mixed']),
  lang: z.enum(['es', 'fr', 'de', 'pt']).optional(),
});

const comments = readFileSync(DATASET, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => labelledComment.parse(JSON.parse(line)));

/** We reach 80/80; the floor leaves room for lexicon changes that trade one comment for another. */
const MIN_CORRECT = 76;
/** The plain library gets about half; ours must be far ahead, not a lucky few comments. */
const MIN_LEAD_OVER_LIBRARY = 25;

const analyzer = new LocalSentimentAnalyzer();

/** Analyses one comment and returns its sentiment, failing the test on any other outcome. */
async function sentimentOf(text: string, language?: string): Promise<SentimentLabel> {
  const [outcome] = await analyzer.analyze([{ id: 'c1', text, language }]);
  if (outcome?.state !== 'done') throw new Error(`expected a done outcome, got ${JSON.stringify(outcome)}`);
  return outcome.sentiment;
}

/** The `sentiment` library on its own, read the obvious way: the sign of its AFINN score. */
function librarySentiment(library: Sentiment, text: string): SentimentLabel {
  const { score } = library.analyze(text);
  if (score > 0) return 'positive';
  if (score < 0) return 'negative';
  return 'neutral';
}

describe('LocalSentimentAnalyzer on the labelled development set', () => {
  it('labels most of the 80 comments right and far more than the sentiment library alone', async () => {
    // Prepare: no locale, as for a customer whose language is unknown; the detector must find it.
    const requests = comments.map((comment, index) => ({ id: `c${index}`, text: comment.text }));
    const library = new Sentiment();

    // Act
    const outcomes = await analyzer.analyze(requests);
    const ours = outcomes.filter(
      (outcome, index) => outcome.state === 'done' && outcome.sentiment === comments[index]?.sentiment,
    ).length;
    const baseline = comments.filter(
      (comment) => librarySentiment(library, comment.text) === comment.sentiment,
    ).length;
    console.log(
      `local analyzer: ${ours}/${comments.length} correct; sentiment library alone: ${baseline}/${comments.length}`,
    );

    // Assess
    expect(comments).toHaveLength(80);
    expect(ours).toBeGreaterThanOrEqual(MIN_CORRECT);
    expect(ours - baseline).toBeGreaterThanOrEqual(MIN_LEAD_OVER_LIBRARY);
  });

  it('detects the language of every non-English comment in the set', () => {
    for (const comment of comments.filter((row) => row.lang !== undefined)) {
      expect(detectLanguage(comment.text), comment.text).toBe(comment.lang);
    }
  });
});

describe('LocalSentimentAnalyzer behaviour', () => {
  it('reads a negated complaint as praise and a negated compliment as a complaint', async () => {
    expect(await sentimentOf('The new router is not bad at all.')).toBe('positive');
    expect(await sentimentOf('The second agent wasn’t helpful at all.')).toBe('negative');
    expect(await sentimentOf('Honestly the app did not work for me.')).toBe('negative');
  });

  it('scores a churn threat without sentiment words as negative', async () => {
    expect(await sentimentOf('I will never buy from you again')).toBe('negative');
    expect(await sentimentOf('Please close my account, I am switching to another provider next month.')).toBe(
      'negative',
    );
    expect(await sentimentOf('wont be renewing my subscription next year')).toBe('negative');
  });

  it('treats waiting and chasing as complaints', async () => {
    expect(await sentimentOf('Two weeks on and I am still waiting for the engineer.')).toBe('negative');
    expect(await sentimentOf('On hold for an hour and no one called back.')).toBe('negative');
  });

  it('recognises support-desk praise idioms', async () => {
    expect(await sentimentOf('Priya went above and beyond to get my account sorted.')).toBe('positive');
    expect(await sentimentOf("Couldn't have asked for better help with the move.")).toBe('positive');
    expect(await sentimentOf('Kept me updated the whole way, never had to chase.')).toBe('positive');
  });

  it('scores emoji-only comments', async () => {
    expect(await sentimentOf('👏👏')).toBe('positive');
    expect(await sentimentOf('😡')).toBe('negative');
    expect(await sentimentOf('👍🏽')).toBe('positive');
  });

  it('calls praise for the agent next to an unsolved problem mixed', async () => {
    expect(await sentimentOf('The agent was lovely but my broadband still keeps dropping.')).toBe('mixed');
    expect(await sentimentOf('Fast delivery, terrible packaging.')).toBe('mixed');
  });

  it('reads praise wrapped around a complaint as sarcasm', async () => {
    expect(await sentimentOf('Oh great, another hour on hold.')).toBe('negative');
    expect(await sentimentOf('Third missed appointment. Thanks so much 🙄')).toBe('negative');
  });

  it('keeps plain factual comments neutral', async () => {
    expect(await sentimentOf('I called to update my address.')).toBe('neutral');
    expect(await sentimentOf('ok')).toBe('neutral');
  });

  it('takes shouting and exclamation marks as stronger feeling', () => {
    const calm = scoreComment('the engineer was brilliant', 'en');
    const shouted = scoreComment('THE ENGINEER WAS BRILLIANT!!', 'en');
    expect(shouted.positive).toBeGreaterThan(calm.positive);
    expect(shouted.sentiment).toBe('positive');
  });

  it('scores Spanish comments with its Spanish lexicon', async () => {
    expect(await sentimentOf('El técnico fue muy amable y lo solucionó todo en una llamada.', 'es')).toBe(
      'positive',
    );
    expect(await sentimentOf('Sigo sin internet y nadie me llama. Quiero darme de baja.', 'es')).toBe(
      'negative',
    );
  });

  it('scores German comments with its German lexicon', async () => {
    expect(await sentimentOf('Sehr freundlicher Mitarbeiter, das Problem war sofort gelöst.', 'de')).toBe(
      'positive',
    );
    expect(await sentimentOf('Ich warte immer noch auf eine Antwort. Ich werde kündigen.', 'de')).toBe(
      'negative',
    );
    expect(
      await sentimentOf('Der Mitarbeiter war nett, aber das Internet funktioniert immer noch nicht.', 'de'),
    ).toBe('mixed');
  });

  it('scores French and Portuguese comments', async () => {
    expect(await sentimentOf('Conseillère très aimable, problème réglé rapidement. Merci !', 'fr')).toBe(
      'positive',
    );
    expect(
      await sentimentOf("Toujours pas de remboursement après trois semaines, c'est inadmissible.", 'fr'),
    ).toBe('negative');
    expect(await sentimentOf('Ninguém resolve nada, vou cancelar meu contrato.', 'pt')).toBe('negative');
  });

  it('takes the language from the primary subtag of a pt-BR locale', async () => {
    const [outcome] = await analyzer.analyze([
      { id: 'r1', text: 'Atendente muito educada, resolveu tudo rapidamente.', language: 'pt-BR' },
    ]);
    expect(outcome).toEqual({ id: 'r1', state: 'done', sentiment: 'positive', language: 'pt' });
  });

  it('marks a language it has no lexicon for as unsupported', async () => {
    const outcomes = await analyzer.analyze([
      { id: 'j1', text: 'とても親切な対応でした。ありがとうございます。', language: 'ja' },
      { id: 'j2', text: 'サポートの対応が遅すぎます。' },
      { id: 'i1', text: 'Servizio ottimo, grazie mille.', language: 'it-IT' },
    ]);
    expect(outcomes).toEqual<SentimentOutcome[]>([
      { id: 'j1', state: 'unsupported_language', language: 'ja' },
      { id: 'j2', state: 'unsupported_language', language: 'ja' },
      { id: 'i1', state: 'unsupported_language', language: 'it' },
    ]);
  });

  it('returns one outcome per request, in order, with ids preserved', async () => {
    const requests = [
      { id: 'a', text: 'Brilliant service, thank you.' },
      { id: 'b', text: '   ' },
      { id: 'c', text: 'Worst call I have ever made.', language: 'en-GB' },
      { id: 'a2', text: 'Muy mal servicio.', language: 'es' },
    ];

    const outcomes = await analyzer.analyze(requests);

    expect(outcomes.map((outcome) => outcome.id)).toEqual(['a', 'b', 'c', 'a2']);
    expect(outcomes[1]).toEqual({ id: 'b', state: 'done', sentiment: 'neutral', language: 'en' });
    expect(outcomes.every((outcome) => outcome.state === 'done')).toBe(true);
  });

  // Its speed is a benchmark figure (`npm run bench`), not a timed test.
  it('gives the same answer every time, for thousands of comments in one call', async () => {
    const requests = Array.from({ length: 4000 }, (_, index) => ({
      id: String(index),
      text: comments[index % comments.length]?.text ?? '',
    }));

    const first = await analyzer.analyze(requests);
    const second = await analyzer.analyze(requests);

    expect(first).toHaveLength(4000);
    expect(second).toEqual(first);
  });

  it('leaves the sentiment library’s own English untouched', () => {
    // Importing the analyzer registered our languages; ours reads "like" as a preposition (0), the
    // library's own `en` must still give it AFINN's 2.
    expect(scoreComment('like', 'en').positive).toBe(0);
    expect(new Sentiment().analyze('like').score).toBe(2);
  });

  it.each<[string, SentimentLabel]>([
    ['She sorted it in five minutes, absolute star.', 'positive'],
    ['No complaints, everything was handled quickly.', 'positive'],
    ['Problem fixed on the first call, brilliant.', 'positive'],
    ['Been on hold for over an hour, then the call dropped.', 'negative'],
    ['They kept transferring me between departments and nobody could help.', 'negative'],
    ['I had to call four times before anyone took me seriously.', 'negative'],
    ['Three weeks and no refund. Unbelievable.', 'negative'],
    ['Helpful staff, shame about the long queue.', 'mixed'],
    ['The technician was late but did a great job once he arrived.', 'mixed'],
    ['Rang up to ask about roaming charges before my holiday.', 'neutral'],
  ])('generalises beyond the development set: %s', async (text, expected) => {
    expect(await sentimentOf(text)).toBe(expected);
  });
});

describe('detectLanguage', () => {
  it.each([
    ['The engineer was on time and fixed it.', 'en'],
    ['La entrega fue rápida pero la caja llegó rota.', 'es'],
    ["Le conseiller était sympa mais je n'ai toujours pas de connexion.", 'fr'],
    ['Der Mitarbeiter war nett und hat mir sofort geholfen.', 'de'],
    ['O técnico foi gentil, mas a internet continua caindo.', 'pt'],
    ['とても親切でした', 'ja'],
  ])('recognises %s as %s', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it('declines to guess on a word or an emoji', () => {
    expect(detectLanguage('ok')).toBeUndefined();
    expect(detectLanguage('👍')).toBeUndefined();
    expect(detectLanguage('N/A')).toBeUndefined();
  });
});

describe('language of a comment', () => {
  it('follows the text when it is clearly written in another language than the locale', async () => {
    const [outcome] = await new LocalSentimentAnalyzer().analyze([
      { id: 'x', text: 'Waited 40 minutes on hold and the bill is still wrong.', language: 'es' },
    ]);
    expect(outcome).toMatchObject({ state: 'done', language: 'en', sentiment: 'negative' });
  });
});
