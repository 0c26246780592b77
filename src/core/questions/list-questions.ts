// The questions of a room in the orders the views need: the projector and phones see visible ones
// (pinned first, then by votes, answered ones apart); the facilitator sees everything.
import type { Db } from '../../db/adapter.ts';
import type { Question } from './types.ts';

/** More than any plenary produces; keeps a flooded room's pages bounded. */
const MAX_LISTED = 1000;

export interface PublicQuestions {
  /** Pinned (oldest pin first), then the rest by votes (ties: oldest first). */
  open: Question[];
  /** Answered, most recently answered first. */
  answered: Question[];
}

export interface ModerationQuestions extends PublicQuestions {
  /** Waiting for approval, oldest first. */
  pending: Question[];
  hidden: Question[];
}

interface Row {
  id: number;
  body: string;
  author_name: string;
  author_role: string;
  status: Question['status'];
  pinned_at: string | null;
  answered_at: string | null;
  votes: number;
  created_at: string;
}

function toQuestion(r: Row): Question {
  return {
    id: r.id,
    body: r.body,
    authorName: r.author_name,
    authorRole: r.author_role,
    status: r.status,
    pinned: r.pinned_at !== null,
    answered: r.answered_at !== null,
    votes: Number(r.votes),
    createdAt: r.created_at,
  };
}

function byProjectorOrder(a: Row, b: Row): number {
  if (a.pinned_at && b.pinned_at) return a.pinned_at.localeCompare(b.pinned_at) || a.id - b.id;
  if (a.pinned_at) return -1;
  if (b.pinned_at) return 1;
  return Number(b.votes) - Number(a.votes) || a.id - b.id;
}

function split(rows: Row[]): PublicQuestions {
  const visible = rows.filter((r) => r.status === 'visible');
  const open = visible.filter((r) => !r.answered_at).sort(byProjectorOrder);
  const answered = visible
    .filter((r) => r.answered_at)
    .sort((a, b) => (b.answered_at ?? '').localeCompare(a.answered_at ?? '') || a.id - b.id);
  return { open: open.map(toQuestion), answered: answered.map(toQuestion) };
}

function rowsOf(db: Db, roomId: number) {
  return db
    .selectFrom('questions')
    .select(['id', 'body', 'author_name', 'author_role', 'status', 'pinned_at', 'answered_at', 'votes', 'created_at'])
    .where('room_id', '=', roomId);
}

/** What participants and the projector see. */
export async function listPublicQuestions(db: Db, roomId: number): Promise<PublicQuestions> {
  const rows = await rowsOf(db, roomId)
    .where('status', '=', 'visible')
    .orderBy('votes', 'desc')
    .orderBy('id')
    .limit(MAX_LISTED)
    .execute();
  return split(rows);
}

/** What the facilitator sees. */
export async function listModerationQuestions(db: Db, roomId: number): Promise<ModerationQuestions> {
  const rows = await rowsOf(db, roomId)
    .orderBy('id')
    .limit(MAX_LISTED * 2)
    .execute();
  return {
    ...split(rows),
    pending: rows.filter((r) => r.status === 'pending').map(toQuestion),
    hidden: rows
      .filter((r) => r.status === 'hidden')
      .reverse()
      .map(toQuestion),
  };
}

/** The ids among `questionIds` that this person has voted for. */
export async function votedBy(db: Db, voterKey: string, roomId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('question_votes')
    .innerJoin('questions', 'questions.id', 'question_votes.question_id')
    .select('question_votes.question_id')
    .where('question_votes.voter_key', '=', voterKey)
    .where('questions.room_id', '=', roomId)
    .execute();
  return rows.map((r) => r.question_id);
}
