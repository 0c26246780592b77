import type { Db } from '../../db/adapter.ts';
import { parseRatings } from './get-evaluation-form.ts';

export interface PartSummary {
  partId: number;
  label: string;
  title: string;
  /** Number of ratings of this part. */
  count: number;
  /** Mean rating, or null without ratings. */
  average: number | null;
  /** How many gave 1, 2, 3, 4 and 5. */
  distribution: [number, number, number, number, number];
}

export interface EvaluationSummary {
  answers: number;
  parts: PartSummary[];
  /** Free-text comments, oldest first. */
  comments: { text: string; at: Date }[];
}

/** Answers to an event's evaluation, summarised per programme part, with every comment. */
export async function getEvaluationSummary(db: Db, eventId: number): Promise<EvaluationSummary> {
  const [parts, rows] = await Promise.all([
    db
      .selectFrom('programme_parts')
      .select(['id', 'label', 'title'])
      .where('event_id', '=', eventId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('evaluations')
      .select(['ratings_json', 'comment', 'updated_at'])
      .where('event_id', '=', eventId)
      .orderBy('updated_at')
      .orderBy('id')
      .execute(),
  ]);
  const summaries: PartSummary[] = parts.map((p) => ({
    partId: p.id,
    label: p.label,
    title: p.title,
    count: 0,
    average: null,
    distribution: [0, 0, 0, 0, 0],
  }));
  const byId = new Map(summaries.map((s) => [String(s.partId), s]));
  const sums = new Map<PartSummary, number>();
  for (const row of rows) {
    for (const [partId, rating] of Object.entries(parseRatings(row.ratings_json))) {
      const summary = byId.get(partId);
      if (!summary) continue;
      summary.count++;
      summary.distribution[rating - 1] = (summary.distribution[rating - 1] ?? 0) + 1;
      sums.set(summary, (sums.get(summary) ?? 0) + rating);
    }
  }
  for (const s of summaries) s.average = s.count > 0 ? (sums.get(s) ?? 0) / s.count : null;
  return {
    answers: rows.length,
    parts: summaries,
    comments: rows.filter((r) => r.comment.trim() !== '').map((r) => ({ text: r.comment, at: new Date(r.updated_at) })),
  };
}
