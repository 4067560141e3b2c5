/**
 * `GET /themes`: topics of the comments of a day range with NPS and volume per topic, their most
 * frequent key phrases and the topics that gather the most detractors.
 *
 * Computed on read: it pages through the range's responses day by day (`responsesOfDay`, a query
 * per day, never a scan), so the range is capped at MAX_THEME_RANGE_DAYS — unlike `GET /nps`, which
 * reads daily aggregates. Counting topics when answers are counted is the next step.
 * Follow-up answers stay out, as they stay out of the NPS; erased comments are simply absent.
 */

import { detectLanguage } from '../adapters/local-sentiment/detect-language';
import { ValidationError } from '../domain/errors';
import type { NpsCounts, SurveyResponse } from '../domain/model';
import {
  addCounts,
  categorize,
  countsOf,
  daysBetween,
  emptyCounts,
  type NpsFigures,
  npsFigures,
} from '../domain/nps';
import { isLowSample } from '../domain/nps-statistics';
import type { ReportStore } from '../domain/store';
import { classifyTopics, type KeyPhraseExtractor, TOPICS, type Topic, themeLanguage } from '../domain/themes';

/** A quarter: each day is one or more queries over that day's responses. */
export const MAX_THEME_RANGE_DAYS = 92;
const TOP_PHRASES = 5;
const TOP_DETRACTOR_TOPICS = 3;

export interface ThemesQuery {
  from: string;
  to: string;
  teamId?: string;
  minResponses: number;
}

export interface TopicFigures extends NpsFigures {
  topic: Topic;
  lowSample: boolean;
  topPhrases: string[];
}

export interface ThemesReport {
  from: string;
  to: string;
  /** Answers in the range (and team) with a comment. */
  commented: number;
  topics: TopicFigures[];
  topDetractorTopics: Topic[];
}

interface Tally {
  counts: NpsCounts;
  phrases: Map<string, number>;
}

export async function reportThemes(
  deps: { store: ReportStore; keyPhrases: KeyPhraseExtractor },
  query: ThemesQuery,
): Promise<ThemesReport> {
  const span = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000;
  if (span < 0) throw new ValidationError('`from` must not be after `to`.', 'invalid_range');
  if (span >= MAX_THEME_RANGE_DAYS)
    throw new ValidationError(
      `/themes reads responses, not aggregates: a range covers at most ${MAX_THEME_RANGE_DAYS} days.`,
      'invalid_range',
    );

  const tallies = new Map<Topic, Tally>();
  let commented = 0;
  for (const day of daysBetween(query.from, query.to)) {
    for await (const page of deps.store.responsesOfDay(day)) {
      const answers = page.filter((r) => isCommented(r) && (!query.teamId || r.teamId === query.teamId));
      if (answers.length === 0) continue;
      commented += answers.length;
      const requests = answers.map((r) => ({
        id: r.invitationId,
        text: r.comment ?? '',
        language: themeLanguage(r.language ?? detectLanguage(r.comment ?? '')),
      }));
      const phrases = new Map(
        (await deps.keyPhrases.keyPhrases(requests)).map((result) => [result.id, result.phrases]),
      );
      answers.forEach((answer, i) => {
        const request = requests[i];
        if (!request) return;
        for (const topic of classifyTopics(request.text, request.language)) {
          const tally = tallies.get(topic) ?? { counts: emptyCounts(), phrases: new Map() };
          addCounts(tally.counts, countsOf(categorize(answer.score)));
          for (const phrase of phrases.get(answer.invitationId) ?? [])
            tally.phrases.set(phrase, (tally.phrases.get(phrase) ?? 0) + 1);
          tallies.set(topic, tally);
        }
      });
    }
  }

  const topics = TOPICS.flatMap((topic): TopicFigures[] => {
    const tally = tallies.get(topic);
    if (!tally) return [];
    const figures = npsFigures(tally.counts);
    return [
      {
        topic,
        ...figures,
        lowSample: isLowSample(figures.responses, query.minResponses),
        topPhrases: [...tally.phrases.entries()]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .slice(0, TOP_PHRASES)
          .map(([phrase]) => phrase),
      },
    ];
  });
  const topDetractorTopics = topics
    .filter((t) => t.detractors > 0)
    .sort((a, b) => b.detractors - a.detractors || TOPICS.indexOf(a.topic) - TOPICS.indexOf(b.topic))
    .slice(0, TOP_DETRACTOR_TOPICS)
    .map((t) => t.topic);
  return { from: query.from, to: query.to, commented, topics, topDetractorTopics };
}

/** An answer that counts in the NPS and has a comment to read. */
const isCommented = (r: SurveyResponse): boolean => !r.followUpOf && (r.comment ?? '').trim() !== '';
