// The research-idea clinic (issue 8, DEL 2B) as plain values: ideas, the rubric, the run state of
// a pitch session and the feedback summary an idea's owner gets.
import type { Db } from '../../db/adapter.ts';
import type { IdeaStage, PitchPhase, PitchRunStatus } from '../../db/schema.ts';
import type { EventDetails } from '../events/types.ts';

export type { IdeaStage, PitchPhase, PitchRunStatus };

export const IDEA_STAGES: readonly IdeaStage[] = ['idea', 'partners', 'writing'];

/** Longest texts, in characters (the forms say so; longer is refused, never cut). */
export const IDEA_LIMITS = { title: 200, problem: 2000, novelty: 2000, partners: 500, funding: 200 } as const;
export const FEEDBACK_COMMENT_MAX = 1000;
export const CRITERION_LIMITS = { name: 120, description: 500 } as const;
/** A rubric longer than this does not fit on a phone or a projector. */
export const MAX_CRITERIA = 8;
/** Pitch and feedback minutes each, and minutes from the session's start to the first pitch. */
export const TIMING_LIMITS = { minutes: 120, offset: 600 } as const;

export const PARTNER_KINDS = ['research', 'public', 'business', 'civil'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** What a registrant writes about their idea. */
export interface IdeaText {
  title: string;
  /** The problem, and who would benefit. */
  problem: string;
  /** What is new compared with today. */
  novelty: string;
  /** Planned partners per kind (free text each; may be empty). */
  partners: Record<PartnerKind, string>;
  /** Target funding scheme (free text). */
  funding: string;
  stage: IdeaStage;
}

export interface IdeaView extends IdeaText {
  id: number;
  sessionId: number;
  registrationId: number;
  ownerName: string;
  ownerOrganization: string;
  position: number;
  updatedAt: Date;
}

export interface Criterion {
  id: number;
  name: string;
  description: string;
  position: number;
}

/** Default criteria in one language, seeded into an event's rubric when it is first needed. */
export type CriterionText = Pick<Criterion, 'name' | 'description'>;

export interface PitchTiming {
  pitchMinutes: number;
  feedbackMinutes: number;
  offsetMinutes: number;
}

export interface PitchRun extends PitchTiming {
  status: PitchRunStatus;
  currentIdeaId: number | null;
  phase: PitchPhase | null;
  phaseStartedAt: Date | null;
  finishedAt: Date | null;
  summariesSentAt: Date | null;
  version: number;
}

/** Scores of one criterion: how many gave each score, and the numbers drawn from them. */
export interface CriterionScores {
  criterion: Criterion;
  /** counts[0] is the number of 1s, counts[4] the number of 5s. */
  counts: [number, number, number, number, number];
  n: number;
  /** Mean score, null without scores. */
  average: number | null;
  /** Population standard deviation, null without scores. */
  spread: number | null;
  min: number | null;
  max: number | null;
}

export interface IdeaSummary {
  idea: IdeaView;
  /** People who gave feedback. */
  respondents: number;
  criteria: (CriterionScores & { comments: string[] })[];
}

/** The summary mail to an idea's owner after the session. */
export interface IdeaSummaryMail {
  event: EventDetails;
  sessionCode: string;
  recipient: { registrationId: number; name: string; email: string; lang: string };
  /** A fresh personal-link token of the owner, for the links to the summary page and PDF. */
  token: string;
  summary: IdeaSummary;
}

/** Renders summary mails and writes them into the outbox, inside the caller's transaction. */
export interface IdeaSummaryMailer {
  enqueue(trx: Db, mail: IdeaSummaryMail, now: Date): Promise<void>;
}
