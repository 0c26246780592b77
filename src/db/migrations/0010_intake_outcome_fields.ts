// Frozen. Sign-up by e-mail (issue 9): when the automatic sign-up of a message is refused for its
// fields (a role description missing, an address the form would not take), which fields and why,
// so the review page can show the problems beside the proposed values.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // A JSON object { "p.0.roleOther": "role_other_required", … }, or '' when there is none.
  await db.schema
    .alterTable('intake_messages')
    .addColumn('outcome_fields', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('intake_messages').dropColumn('outcome_fields').execute();
}
