// The rule that an organisation always keeps at least one owner, shared by role changes and removals.
import type { Db } from '../../db/adapter.ts';

/**
 * True when `membershipId` is the organisation's only owner. Call inside the transaction that
 * changes the membership: it first writes the organisation row (a no-op update), which on
 * PostgreSQL holds a row lock until commit and on SQLite runs under the single writer, so two
 * owners demoting or removing each other at the same moment cannot both succeed.
 */
export async function isLastOwner(trx: Db, organizationId: number, membershipId: number): Promise<boolean> {
  await trx
    .updateTable('organizations')
    .set((eb) => ({ name: eb.ref('name') }))
    .where('id', '=', organizationId)
    .execute();
  const others = await trx
    .selectFrom('memberships')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('role', '=', 'owner')
    .where('id', '<>', membershipId)
    .limit(1)
    .execute();
  return others.length === 0;
}
