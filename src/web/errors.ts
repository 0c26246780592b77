// One table from failure codes to HTTP status, for pages and the API alike.
import type { FailureCode } from '../core/shared/result.ts';

export const failureStatus: Record<
  FailureCode | 'rate_limited' | 'payload_too_large' | 'unsupported_media_type' | 'bad_request',
  number
> = {
  not_found: 404,
  invalid: 422,
  registration_closed: 409,
  registration_not_open: 409,
  session_full: 409,
  already_cancelled: 409,
  change_closed: 409,
  offer_expired: 409,
  invalid_credentials: 401,
  token_invalid: 410,
  forbidden: 403,
  stale_version: 409,
  over_capacity: 409,
  conflict: 409,
  not_confirmed: 409,
  wrong_ticket: 422,
  room_closed: 409,
  pitch_not_running: 409,
  own_idea: 403,
  not_in_session: 403,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  bad_request: 400,
};
