/**
 * `GET /themes`: topics of the comments of a day range with NPS and volume per topic, their most
 * frequent key phrases and the topics that gather the most detractors.
 *
 * Topic figures come from the daily topic aggregates, moved when each answer is counted
 * (O(days × topics) items), so the range may be as long as `/nps`'s. Key phrases are a sample: those
 * stored on the most recent MAX_PHRASE_SAMPLE commented answers of the range, read day by day newest
 * first (only the days the aggregates show comments on). Follow-up answers stay out, as they stay
 * out of the NPS; erased answers keep their place in the counts but lose their phrases.
 */

import { type NpsCounts, UNASSIGNED } from '../domain/model';
import { addCounts, emptyCounts, type NpsFigures, npsFigures } from '../domain/nps';
import { isLowSample, shiftDay } from '../domain/nps-statistics';
import type { ThemeStore } from '../domain/store';
import { COMMENTED_ROW, TOPICS, type Topic } from '../domain/themes';
import { checkRange } from './report-nps';

/** Commented answers whose stored key phrases make up `topPhrases`. */
export const MAX_PHRASE_SAMPLE = 2_000;
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
  /** How many of the most recent commented answers `topPhrases` were read from (at most MAX_PHRASE_SAMPLE). */
  phraseSample: number;
}

export async function reportThemes(deps: { store: ThemeStore }, query: ThemesQuery): Promise<ThemesReport> {
  checkRange(query.from, query.to, '`from` must not be after `to`.');
  const rows = await deps.store.readTopics(query.from, query.to, query.teamId);

  const counts = new Map<Topic, NpsCounts>();
  const commentedByDay = new Map<string, number>();
  for (const row of rows) {
    if (row.topic === COMMENTED_ROW) {
      const answers = row.promoters + row.passives + row.detractors;
      commentedByDay.set(row.day, (commentedByDay.get(row.day) ?? 0) + answers);
    } else counts.set(row.topic, addCounts(counts.get(row.topic) ?? emptyCounts(), row));
  }
  const commented = [...commentedByDay.values()].reduce((sum, n) => sum + n, 0);
  const sample = await samplePhrases(deps.store, query, commentedByDay);

  const topics = TOPICS.flatMap((topic): TopicFigures[] => {
    const figures = npsFigures(counts.get(topic) ?? emptyCounts());
    if (figures.responses === 0) return [];
    return [
      {
        topic,
        ...figures,
        lowSample: isLowSample(figures.responses, query.minResponses),
        topPhrases: [...(sample.phrases.get(topic) ?? new Map<string, number>()).entries()]
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
  return {
    from: query.from,
    to: query.to,
    commented,
    topics,
    topDetractorTopics,
    phraseSample: sample.answers,
  };
}

/**
 * Phrase counts per topic over the most recent MAX_PHRASE_SAMPLE commented answers of the range
 * (and team), newest day first; days without comments in the aggregates are not read at all.
 */
async function samplePhrases(
  store: ThemeStore,
  query: ThemesQuery,
  commentedByDay: ReadonlyMap<string, number>,
): Promise<{ answers: number; phrases: Map<Topic, Map<string, number>> }> {
  const phrases = new Map<Topic, Map<string, number>>();
  let answers = 0;
  for (let day = query.to; day >= query.from && answers < MAX_PHRASE_SAMPLE; day = shiftDay(day, -1)) {
    if (!commentedByDay.get(day)) continue;
    for await (const page of store.recentResponsesOfDay(day)) {
      for (const answer of page) {
        // The same group as the counts: an answer without a team is the `unassigned` team's.
        if (
          answer.followUpOf ||
          (query.teamId !== undefined && (answer.teamId ?? UNASSIGNED) !== query.teamId)
        )
          continue;
        if (!answer.topics?.length || answer.countedRevision !== answer.revision) continue;
        answers++;
        for (const topic of answer.topics) {
          const tally = phrases.get(topic) ?? new Map<string, number>();
          for (const phrase of answer.keyPhrases ?? []) tally.set(phrase, (tally.get(phrase) ?? 0) + 1);
          phrases.set(topic, tally);
        }
        if (answers >= MAX_PHRASE_SAMPLE) return { answers, phrases };
      }
    }
  }
  return { answers, phrases };
}
