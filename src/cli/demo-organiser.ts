// Outside production, the first start also creates an organiser account for the demo
// organisation, so that the quick start leads straight into the back office. The password is
// random, printed once to the console and stored only as a hash.
import { randomBytes } from 'node:crypto';
import { addUser } from '../core/accounts/add-user.ts';
import type { Store } from '../db/connect.ts';

export const DEMO_ORGANISER_EMAIL = 'arrangor@example.no';

/** Creates the demo organiser when the installation has no accounts yet; returns its password. */
export async function ensureDemoOrganiser(store: Store, now: Date): Promise<string | null> {
  const any = await store.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const password = randomBytes(12).toString('base64url');
  const result = await addUser(
    store,
    {
      email: DEMO_ORGANISER_EMAIL,
      name: 'Demo-arrangør',
      password,
      organizationSlug: 'demo',
      organizationName: 'Demo',
      role: 'owner',
      actor: 'seed-demo',
    },
    now,
  );
  return result.ok ? password : null;
}
