// `samskap user add`: the first account (and any later one) from the command line.
import { parseArgs } from 'node:util';
import { addUser } from '../core/accounts/add-user.ts';
import { MEMBER_ROLES, type MemberRole } from '../core/accounts/types.ts';
import { connect, migrate } from '../db/connect.ts';
import { readSettings } from './settings.ts';

export const userAddUsage = `Usage: samskap user add --email E --name N --org SLUG [--org-name "Name"] --role owner|organiser|facilitator

The password is read from standard input (first line), or from SAMSKAP_PASSWORD.
The organisation is created when SLUG is new. Running it again for the same address sets a new
password, name and role.`;

async function readPassword(): Promise<string> {
  if (process.env.SAMSKAP_PASSWORD) return process.env.SAMSKAP_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('Password (at least 10 characters, shown as you type): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trimEnd();
}

export async function userAdd(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        org: { type: 'string' },
        'org-name': { type: 'string' },
        role: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n\n${userAddUsage}`);
    return 1;
  }
  if (values.help) {
    console.log(userAddUsage);
    return 0;
  }
  const email = String(values.email ?? '').trim();
  const name = String(values.name ?? '').trim();
  const org = String(values.org ?? '').trim();
  const role = String(values.role ?? '');
  const problems: string[] = [];
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push('--email must be an e-mail address.');
  if (!name) problems.push('--name is required.');
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(org))
    problems.push('--org must be a slug: lower-case letters, digits and hyphens (e.g. "levanger-kommune").');
  if (!(MEMBER_ROLES as readonly string[]).includes(role))
    problems.push(`--role must be one of ${MEMBER_ROLES.join(', ')}.`);
  if (problems.length > 0) {
    console.error(`${problems.join('\n')}\n\n${userAddUsage}`);
    return 1;
  }
  const password = await readPassword();
  const settings = readSettings();
  const store = connect(settings.databaseUrl, { poolSize: 1 });
  try {
    await migrate(store);
    const result = await addUser(
      store,
      {
        email,
        name,
        password,
        organizationSlug: org,
        ...(typeof values['org-name'] === 'string' ? { organizationName: values['org-name'] } : {}),
        role: role as MemberRole,
        actor: 'cli',
      },
      new Date(),
    );
    if (!result.ok) {
      console.error(
        result.fields?.password === 'password_too_short'
          ? 'The password must be at least 10 characters long.'
          : result.fields?.password === 'password_too_long'
            ? 'The password can be at most 200 characters long.'
            : `Could not add the user (${result.code}).`,
      );
      return 1;
    }
    console.log(
      `${result.createdUser ? 'Added' : 'Updated'} ${email} as ${role} of "${org}"${result.createdOrganization ? ' (new organisation)' : ''}. Log in at ${settings.app.baseUrl}/admin/login`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
