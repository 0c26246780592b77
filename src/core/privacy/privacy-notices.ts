import type { Db } from '../../db/adapter.ts';
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';

/** What an organisation tells registrants about the processing of their data. */
export interface PrivacyNoticeFields {
  controller: string;
  contact: string;
  purpose: string;
  lawfulBasis: string;
  /** The retention rule in words (shown on the page). */
  retention: string;
  processors: string;
}

export interface PrivacyNotice extends PrivacyNoticeFields {
  version: number;
  createdAt: Date;
}

export interface OrganizationPrivacy {
  organization: { id: number; slug: string; name: string; retentionDays: number };
  /** The current (latest) version; null when the organisation has written none. */
  notice: PrivacyNotice | null;
  /** Every version, newest first (for the back office). */
  versions: { version: number; createdAt: Date }[];
}

/** An organisation's privacy settings and notice (latest version); null when there is no such organisation. */
export async function getOrganizationPrivacy(db: Db, orgSlug: string): Promise<OrganizationPrivacy | null> {
  const org = await db
    .selectFrom('organizations')
    .select(['id', 'slug', 'name', 'retention_days'])
    .where('slug', '=', orgSlug)
    .executeTakeFirst();
  if (!org) return null;
  const rows = await db
    .selectFrom('privacy_notices')
    .selectAll()
    .where('organization_id', '=', org.id)
    .orderBy('version', 'desc')
    .execute();
  const latest = rows[0];
  return {
    organization: { id: org.id, slug: org.slug, name: org.name, retentionDays: org.retention_days },
    notice: latest
      ? {
          version: latest.version,
          createdAt: new Date(latest.created_at),
          controller: latest.controller,
          contact: latest.contact,
          purpose: latest.purpose,
          lawfulBasis: latest.lawful_basis,
          retention: latest.retention,
          processors: latest.processors,
        }
      : null,
    versions: rows.map((r) => ({ version: r.version, createdAt: new Date(r.created_at) })),
  };
}

/**
 * Saves an organisation's privacy notice as a new version (the old ones stay: registrations
 * refer to the version they acknowledged) and its retention period in days. The organisation's
 * events are touched (updated_at, version), so the cached event definitions pick up the new
 * version for the next sign-up. Returns the new version; none is made when nothing changed.
 */
export async function savePrivacyNotice(
  deps: DbDeps,
  input: {
    organizationId: number;
    fields: PrivacyNoticeFields;
    retentionDays: number;
    actor: string;
    userId: number | null;
  },
  now: Date,
): Promise<{ ok: true; version: number; changed: boolean }> {
  const at = now.toISOString();
  return deps.adapter.transaction(deps.db, async (trx) => {
    const audit = (version: number) =>
      recordAudit(
        trx,
        {
          actor: input.actor,
          action: 'privacy_notice.saved',
          eventId: null,
          subjectType: 'organization',
          subjectId: input.organizationId,
          data: { version, retentionDays: input.retentionDays },
        },
        now,
      );
    const org = await trx
      .selectFrom('organizations')
      .select('retention_days')
      .where('id', '=', input.organizationId)
      .executeTakeFirstOrThrow();
    // Writing the organisation row first serialises two owners saving at the same moment.
    await trx
      .updateTable('organizations')
      .set({ retention_days: input.retentionDays })
      .where('id', '=', input.organizationId)
      .execute();
    const latest = await trx
      .selectFrom('privacy_notices')
      .selectAll()
      .where('organization_id', '=', input.organizationId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const f = input.fields;
    const same =
      latest !== undefined &&
      latest.controller === f.controller &&
      latest.contact === f.contact &&
      latest.purpose === f.purpose &&
      latest.lawful_basis === f.lawfulBasis &&
      latest.retention === f.retention &&
      latest.processors === f.processors;
    if (same) {
      if (org.retention_days === input.retentionDays)
        return { ok: true as const, version: latest.version, changed: false };
      await audit(latest.version);
      return { ok: true as const, version: latest.version, changed: true };
    }
    const version = (latest?.version ?? 0) + 1;
    await trx
      .insertInto('privacy_notices')
      .values({
        organization_id: input.organizationId,
        version,
        controller: f.controller,
        contact: f.contact,
        purpose: f.purpose,
        lawful_basis: f.lawfulBasis,
        retention: f.retention,
        processors: f.processors,
        created_at: at,
        created_by: input.userId,
      })
      .execute();
    await trx
      .updateTable('events')
      .set((eb) => ({ updated_at: at, version: eb('version', '+', 1) }))
      .where('organization_id', '=', input.organizationId)
      .execute();
    await audit(version);
    return { ok: true as const, version, changed: true };
  });
}
