// Plenary questions and reflections (issue 8, DEL 1): rooms, questions, limits.
import type { QuestionIdentityMode, QuestionModeration, QuestionStatus } from '../../db/schema.ts';

export type { QuestionIdentityMode, QuestionModeration, QuestionStatus };

export const IDENTITY_MODES: readonly QuestionIdentityMode[] = ['anonymous', 'named', 'choice'];
export const MODERATIONS: readonly QuestionModeration[] = ['pre', 'post'];

/** Lengths of what participants and organisers type. */
export const QUESTION_LIMITS = {
  body: 500,
  name: 80,
  role: 80,
  title: 150,
} as const;

/** The short address's code: lower-case letters and digits that are hard to mix up. */
export const ROOM_CODE_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
export const ROOM_CODE_LENGTH = 5;

/** A code as typed (any case, spaces around); null when it cannot be a room code. */
export function normalizeRoomCode(code: string): string | null {
  const c = code.trim().toLowerCase();
  return /^[a-z0-9]{3,12}$/.test(c) ? c : null;
}

/**
 * What makes two posts "the same": case, spacing, Unicode form and punctuation at the ends do
 * not count ("Hva med økonomien?" = "hva  med økonomien").
 */
export function normalizeQuestionBody(body: string): string {
  return body
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
    .trim();
}

/** Tidies a post: Windows line ends, trailing spaces, runs of blank lines. */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export interface QuestionRoom {
  id: number;
  eventId: number;
  programmeItemId: number | null;
  /** The programme item's title and start, when the room belongs to one. */
  item: { title: string; startsAt: string } | null;
  code: string;
  title: string;
  identityMode: QuestionIdentityMode;
  moderation: QuestionModeration;
  open: boolean;
  openedAt: string | null;
}

export interface Question {
  id: number;
  body: string;
  authorName: string;
  authorRole: string;
  status: QuestionStatus;
  pinned: boolean;
  answered: boolean;
  votes: number;
  createdAt: string;
}
