// Kysely's view of the tables created by the migrations.
import type { Generated } from 'kysely';

export interface OrganizationsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  created_at: string;
  retention_days: Generated<number>;
}

export interface EventsTable {
  id: Generated<number>;
  organization_id: number;
  slug: string;
  main_lang: string;
  title: string;
  summary: string;
  description_md: string;
  starts_at: string;
  ends_at: string;
  time_zone: string;
  venue_name: string;
  venue_room: string;
  venue_address: string;
  audience: string;
  is_free: number;
  is_open: number;
  contact_email: string;
  registration_opens_at: string | null;
  registration_closes_at: string;
  capacity: number | null;
  allow_no_session: number;
  published: number;
  seats_taken: Generated<number>;
  no_session_waitlist_length: Generated<number>;
  waitlist_seq: Generated<number>;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
  copied_from_event_id: number | null;
  reminder_days: Generated<number>;
  auto_promote_days: Generated<number>;
  offer_hours: Generated<number>;
  reminder_sent_at: string | null;
  thanks_sent_at: string | null;
  noshow_release_at: string | null;
  noshows_released_at: string | null;
  calendar_sequence: Generated<number>;
  cancelled_at: string | null;
  public_list: Generated<number>;
  purged_at: string | null;
}

export interface EventPartiesTable {
  id: Generated<number>;
  event_id: number;
  kind: string;
  name: string;
  url: string | null;
  position: number;
}

export interface EventLinksTable {
  id: Generated<number>;
  event_id: number;
  label: string;
  url: string;
  position: number;
}

export interface EventRolesTable {
  id: Generated<number>;
  event_id: number;
  code: string;
  label: string | null;
  asks_text: number;
  position: number;
}

export interface ProgrammePartsTable {
  id: Generated<number>;
  event_id: number;
  position: number;
  label: string;
  title: string;
  facilitators: string;
}

export interface SessionsTable {
  id: Generated<number>;
  event_id: number;
  part_id: number | null;
  code: string;
  title: string;
  description: string;
  facilitator: string;
  starts_at: string;
  ends_at: string;
  capacity: number | null;
  position: number;
  seats_taken: Generated<number>;
  waitlist_length: Generated<number>;
  challenges_open: Generated<number>;
  challenges_published: Generated<number>;
  /** 1: a pitch session (research workshop) whose registrants submit ideas and give feedback. */
  pitch: Generated<number>;
}

export interface ProgrammeItemsTable {
  id: Generated<number>;
  part_id: number;
  session_id: number | null;
  position: number;
  starts_at: string;
  ends_at: string;
  title: string;
  kind: string;
  note: string;
}

export interface ItemSpeakersTable {
  id: Generated<number>;
  item_id: number;
  position: number;
  name: string;
  affiliation: string;
}

export interface BookingsTable {
  id: Generated<number>;
  event_id: number;
  booker_name: string;
  booker_email: string;
  lang: string;
  created_at: string;
}

export interface RegistrationsTable {
  id: Generated<number>;
  event_id: number;
  booking_id: number;
  name: string;
  email: string | null;
  email_norm: string | null;
  organization: string;
  role: string;
  role_other: string;
  session_id: number | null;
  needs: string;
  needs_consent_at: string | null;
  consent_at: string;
  public_listing: number;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  waitlist_seq: number | null;
  lang: string;
  created_at: string;
  updated_at: string;
  cancelled_at: string | null;
  answers_json: Generated<string>;
  checked_in_at: string | null;
  offer_expires_at: string | null;
  email_bounced_at: string | null;
  email_bounce_reason: Generated<string>;
  privacy_version: number | null;
  anonymised_at: string | null;
}

export interface AccessTokensTable {
  id: Generated<number>;
  registration_id: number;
  token_hash: string;
  created_at: string;
}

export interface OutboxTable {
  id: Generated<number>;
  message_id: string;
  kind: string;
  event_id: number | null;
  registration_id: number | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  attachments_json: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  batch_id: number | null;
  /** The Message-ID this mail answers (a reply to a sign-up by e-mail), or null. */
  in_reply_to: string | null;
  /** The thread's Message-IDs, space-separated, for the References header; or null. */
  references_ids: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  event_id: number | null;
  subject_type: string;
  subject_id: number | null;
  data_json: string;
}

export interface RateLimitsTable {
  key: string;
  count: number;
  reset_at: number | string;
}

export type MemberRole = 'owner' | 'organiser' | 'facilitator';
export type EventAccessRole = 'organiser' | 'facilitator';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  email_norm: string;
  name: string;
  password_hash: string | null;
  lang: Generated<string>;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  id: Generated<number>;
  organization_id: number;
  user_id: number;
  role: MemberRole;
  created_at: string;
}

export interface AdminSessionsTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface PasswordResetsTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface InvitationsTable {
  id: Generated<number>;
  token_hash: string;
  email: string;
  email_norm: string;
  organization_id: number | null;
  event_id: number | null;
  role: MemberRole;
  invited_by: number | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
}

export interface EventAccessTable {
  id: Generated<number>;
  event_id: number;
  organization_id: number | null;
  user_id: number | null;
  role: EventAccessRole;
  created_at: string;
}

export type QuestionKind = 'text' | 'choice' | 'checkboxes';

export interface EventQuestionsTable {
  id: Generated<number>;
  event_id: number;
  position: number;
  kind: QuestionKind;
  label: string;
  hint: Generated<string>;
  options_json: Generated<string>;
  required: Generated<number>;
}

export type CheckinAction = 'in' | 'undo';
export type CheckinOutcome = 'checked_in' | 'already' | 'undone' | 'not_checked_in' | 'refused';

export interface CheckinsTable {
  id: Generated<number>;
  op_id: string;
  event_id: number;
  registration_id: number;
  action: CheckinAction;
  at: string;
  received_at: string;
  user_id: number | null;
  outcome: CheckinOutcome;
}

export type MessageKind = 'manual' | 'reminder' | 'thanks' | 'change' | 'cancellation';

export interface MessagesTable {
  id: Generated<number>;
  event_id: number;
  kind: MessageKind;
  segment: string;
  subject: string;
  body: string;
  recipients: Generated<number>;
  created_by: number | null;
  created_at: string;
}

export interface EvaluationsTable {
  id: Generated<number>;
  event_id: number;
  registration_id: number;
  ratings_json: string;
  comment: Generated<string>;
  created_at: string;
  updated_at: string;
}

export type TranslatedEntity = 'event' | 'session' | 'part' | 'item';

export interface TranslationsTable {
  id: Generated<number>;
  entity_type: TranslatedEntity;
  entity_id: number;
  lang: string;
  field: string;
  value: string;
}

export interface PrivacyNoticesTable {
  id: Generated<number>;
  organization_id: number;
  version: number;
  controller: string;
  contact: string;
  purpose: string;
  lawful_basis: string;
  retention: string;
  processors: string;
  created_at: string;
  created_by: number | null;
}

export type ChallengeStatus = 'proposed' | 'accepted' | 'rejected' | 'merged';

export interface ChallengesTable {
  id: Generated<number>;
  event_id: number;
  session_id: number;
  title: string;
  description: string;
  affected: string;
  status: ChallengeStatus;
  merged_into: number | null;
  rejection_note: Generated<string>;
  proposed_by_registration_id: number | null;
  created_by_user_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface ChallengeRankingsTable {
  registration_id: number;
  challenge_id: number;
  rank: number;
}

export type TablePlanSource = 'confirmed' | 'checked_in';

export interface TablePlansTable {
  id: Generated<number>;
  event_id: number;
  session_id: number;
  source: Generated<TablePlanSource>;
  rounds: number;
  tables_count: number;
  seed: number;
  metrics_json: string;
  created_at: string;
  created_by: number | null;
  locked: Generated<number>;
}

export interface TableSeatsTable {
  plan_id: number;
  round: number;
  table_no: number;
  registration_id: number;
  challenge_id: number | null;
  fixed: Generated<number>;
}

export type IdeaStage = 'idea' | 'partners' | 'writing';

export interface IdeasTable {
  id: Generated<number>;
  event_id: number;
  session_id: number;
  registration_id: number;
  title: string;
  problem: string;
  novelty: string;
  partners_research: Generated<string>;
  partners_public: Generated<string>;
  partners_business: Generated<string>;
  partners_civil: Generated<string>;
  funding: Generated<string>;
  stage: IdeaStage;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface RubricCriteriaTable {
  id: Generated<number>;
  event_id: number;
  position: number;
  name: string;
  description: Generated<string>;
  created_at: string;
}

export type PitchRunStatus = 'ready' | 'running' | 'finished';
export type PitchPhase = 'pitch' | 'feedback';

export interface PitchRunsTable {
  session_id: number;
  event_id: number;
  pitch_minutes: Generated<number>;
  feedback_minutes: Generated<number>;
  offset_minutes: Generated<number>;
  status: Generated<PitchRunStatus>;
  current_idea_id: number | null;
  phase: PitchPhase | null;
  phase_started_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  summaries_sent_at: string | null;
  version: Generated<number>;
  updated_at: string;
}

export interface IdeaScoresTable {
  idea_id: number;
  criterion_id: number;
  registration_id: number;
  score: number;
  comment: Generated<string>;
  created_at: string;
  updated_at: string;
}

export type QuestionIdentityMode = 'anonymous' | 'named' | 'choice';
export type QuestionModeration = 'pre' | 'post';
export type QuestionStatus = 'pending' | 'visible' | 'hidden';

export interface QuestionRoomsTable {
  id: Generated<number>;
  event_id: number;
  programme_item_id: number | null;
  code: string;
  title: string;
  identity_mode: QuestionIdentityMode;
  moderation: QuestionModeration;
  open: Generated<number>;
  opened_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface QuestionsTable {
  id: Generated<number>;
  room_id: number;
  event_id: number;
  body: string;
  body_norm: string;
  author_name: Generated<string>;
  author_role: Generated<string>;
  status: QuestionStatus;
  pinned_at: string | null;
  answered_at: string | null;
  votes: Generated<number>;
  poster_key_hash: string;
  created_at: string;
  updated_at: string;
}

export interface QuestionVotesTable {
  question_id: number;
  voter_key: string;
  created_at: string;
}

export interface DisplayLinksTable {
  id: Generated<number>;
  event_id: number;
  token_hash: string;
  label: Generated<string>;
  created_by: number | null;
  created_at: string;
  revoked_at: string | null;
}

export type MailboxKind = 'imap' | 'upload';
export type MailboxSecurity = 'tls' | 'starttls' | 'none';
export type MailboxStatus = 'new' | 'ok' | 'error';

export interface MailboxesTable {
  id: Generated<number>;
  event_id: number;
  kind: MailboxKind;
  host: Generated<string>;
  port: Generated<number>;
  tls: Generated<MailboxSecurity>;
  username: Generated<string>;
  /** AES-256-GCM under a key derived from SECRET (core/mail-intake/credentials.ts). */
  password_enc: Generated<string>;
  folder: Generated<string>;
  address: Generated<string>;
  flag_processed: Generated<number>;
  enabled: Generated<number>;
  status: Generated<MailboxStatus>;
  last_error: string | null;
  last_error_detail: string | null;
  last_polled_at: string | null;
  last_ok_at: string | null;
  uidvalidity: string | null;
  /** bigint: PostgreSQL returns it as a string. */
  last_uid: Generated<number | string>;
  lease_until: string | null;
  lease_owner: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export type IntakeState = 'pending_review' | 'accepted' | 'ignored' | 'cancelled' | 'changed' | 'failed';

export interface IntakeMessagesTable {
  id: Generated<number>;
  event_id: number;
  mailbox_id: number;
  message_key: string;
  message_id: string | null;
  uidvalidity: string | null;
  /** bigint: PostgreSQL returns it as a string. */
  imap_uid: number | string | null;
  raw: Buffer;
  raw_size: number;
  raw_truncated: Generated<number>;
  from_email: Generated<string>;
  from_name: Generated<string>;
  subject: Generated<string>;
  sent_at: string | null;
  received_at: string;
  parsed_json: string;
  kind: string;
  confidence: Generated<number>;
  decision: string;
  state: IntakeState;
  outcome: Generated<string>;
  /** JSON of the field problems that stopped the automatic sign-up ({ "p.0.role": "role_required" }), or ''. */
  outcome_fields: Generated<string>;
  registration_ids_json: Generated<string>;
  handled_by: number | null;
  handled_at: string | null;
  created_at: string;
}

export interface Database {
  organizations: OrganizationsTable;
  events: EventsTable;
  event_parties: EventPartiesTable;
  event_links: EventLinksTable;
  event_roles: EventRolesTable;
  programme_parts: ProgrammePartsTable;
  sessions: SessionsTable;
  programme_items: ProgrammeItemsTable;
  item_speakers: ItemSpeakersTable;
  bookings: BookingsTable;
  registrations: RegistrationsTable;
  access_tokens: AccessTokensTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
  rate_limits: RateLimitsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  admin_sessions: AdminSessionsTable;
  password_resets: PasswordResetsTable;
  invitations: InvitationsTable;
  event_access: EventAccessTable;
  event_questions: EventQuestionsTable;
  checkins: CheckinsTable;
  messages: MessagesTable;
  evaluations: EvaluationsTable;
  translations: TranslationsTable;
  privacy_notices: PrivacyNoticesTable;
  challenges: ChallengesTable;
  challenge_rankings: ChallengeRankingsTable;
  table_plans: TablePlansTable;
  table_seats: TableSeatsTable;
  question_rooms: QuestionRoomsTable;
  questions: QuestionsTable;
  question_votes: QuestionVotesTable;
  display_links: DisplayLinksTable;
  ideas: IdeasTable;
  rubric_criteria: RubricCriteriaTable;
  pitch_runs: PitchRunsTable;
  idea_scores: IdeaScoresTable;
  mailboxes: MailboxesTable;
  intake_messages: IntakeMessagesTable;
}
