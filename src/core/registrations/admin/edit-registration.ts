import { recordAudit } from '../../shared/audit.ts';
import type { DbDeps } from '../../shared/deps.ts';
import { fail, type Result } from '../../shared/result.ts';
import { normalizeEmail } from '../register-participants.ts';
import { checkChoice, emailTaken, registrationOfEvent } from './choices.ts';

export interface EditRegistrationInput {
  eventId: number;
  registrationId: number;
  name: string;
  /** null: the person is reached through whoever signed them up. */
  email: string | null;
  organization: string;
  role: string;
  roleOther: string;
  /** null: unchanged (the form did not show the needs, which are shown only when opened). */
  needs: string | null;
  actor: string;
}

/** Changes a registration's details as an organiser (at any time); the audit row lists what changed. */
export async function editRegistration(
  deps: DbDeps,
  input: EditRegistrationInput,
  now: Date,
): Promise<Result<{ changed: string[] }>> {
  const choice = await checkChoice(deps.db, input.eventId, input);
  if (Object.keys(choice.fields).length > 0) return fail('invalid', choice.fields);
  const at = now.toISOString();
  const email = input.email?.trim() || null;
  const emailNorm = email ? normalizeEmail(email) : null;
  const roleOther = choice.asksText ? input.roleOther : '';

  return deps.adapter.transaction(deps.db, async (trx) => {
    const found = await registrationOfEvent(trx, input.eventId, input.registrationId);
    if (!found) return fail('not_found');
    const current = await trx
      .selectFrom('registrations')
      .select(['name', 'email', 'organization', 'role', 'role_other', 'needs', 'needs_consent_at', 'status'])
      .where('id', '=', found.id)
      .executeTakeFirstOrThrow();
    if (emailNorm && current.status !== 'cancelled' && emailNorm !== found.email_norm) {
      if (await emailTaken(trx, input.eventId, emailNorm, found.id)) return fail('invalid', { email: 'email_taken' });
    }
    // Values of ordinary fields go into the audit row; needs are health data and stay out of it.
    const changes: Record<string, unknown> = {};
    const compare = (field: string, from: string | null, to: string | null) => {
      if ((from ?? '') !== (to ?? '')) changes[field] = { from, to };
    };
    compare('name', current.name, input.name);
    compare('email', current.email, email);
    compare('organization', current.organization, input.organization);
    compare('role', current.role, input.role);
    compare('roleOther', current.role_other, roleOther);
    const needs = input.needs ?? current.needs;
    if (current.needs !== needs) changes.needs = { changed: true };
    const changed = Object.keys(changes);
    if (changed.length === 0) return { ok: true as const, changed };

    await trx
      .updateTable('registrations')
      .set({
        name: input.name,
        email,
        email_norm: emailNorm,
        organization: input.organization,
        role: input.role,
        role_other: roleOther,
        needs,
        // Recorded by the organiser on the person's behalf (e.g. told by phone).
        needs_consent_at: needs ? (current.needs_consent_at ?? at) : null,
        updated_at: at,
      })
      .where('id', '=', found.id)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'registration.edited',
        eventId: input.eventId,
        subjectType: 'registration',
        subjectId: found.id,
        data: { changes },
      },
      now,
    );
    return { ok: true as const, changed };
  });
}
