// Expected failures are values with a code; bugs are exceptions.

export type FailureCode =
  | 'not_found'
  | 'invalid'
  | 'registration_closed'
  | 'registration_not_open'
  | 'session_full'
  | 'already_cancelled'
  | 'change_closed'
  // back office
  | 'invalid_credentials'
  | 'token_invalid'
  | 'forbidden'
  | 'stale_version'
  | 'over_capacity'
  | 'conflict'
  | 'offer_expired'
  // check-in at the door
  | 'not_confirmed'
  | 'wrong_ticket'
  // plenary questions
  | 'room_closed'
  // research-idea pitches
  | 'pitch_not_running'
  | 'own_idea'
  | 'not_in_session';

export interface Failure {
  ok: false;
  code: FailureCode;
  /** Field-level problems, keyed by field path ("role", "others.0.email"), valued by a message key. */
  fields?: Record<string, FieldProblem>;
}

/** A reason a field was refused, as a code the web layer turns into a sentence. */
export type FieldProblem =
  | 'unknown_role'
  | 'unknown_session'
  | 'session_required'
  | 'no_session_not_allowed'
  | 'role_other_required'
  | 'duplicate_email'
  | 'password_too_short'
  | 'password_too_long'
  | 'passwords_differ'
  | 'already_member'
  | 'unknown_organization'
  | 'unknown_user'
  | 'own_organization'
  | 'name_required'
  | 'invalid_value'
  // event editor
  | 'ends_before_start'
  | 'outside_event'
  | 'deadline_after_start'
  | 'opens_after_closes'
  | 'programme_outside'
  | 'duplicate_code'
  | 'slug_taken'
  | 'below_seats_taken'
  | 'has_registrations'
  | 'role_in_use'
  | 'part_has_sessions'
  | 'options_required'
  // extra questions on the sign-up form
  | 'answer_required'
  | 'answer_invalid'
  // registrations in the back office
  | 'email_taken'
  // messages to participants
  | 'unknown_placeholder'
  | 'confirmation_required'
  // co-creation tables
  | 'duplicate_choice'
  // plenary questions
  | 'text_required'
  | 'duplicate_text'
  | 'no_participants'
  // research-idea feedback
  | 'score_required'
  | 'too_long';

export type Result<T> = ({ ok: true } & T) | Failure;

export function fail(code: FailureCode, fields?: Record<string, FieldProblem>): Failure {
  return fields ? { ok: false, code, fields } : { ok: false, code };
}
