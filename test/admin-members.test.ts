// Members of organisations and access to one event (issue 4, item 1: the back-office part).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Store } from '../src/db/connect.ts';
import { adminForm, organiser, postAdminForm, type TestOrganiser } from './support/admin.ts';
import { csrfFor, formBody, startApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW, smallEvent } from './support/fixtures.ts';

let orgCounter = 0;
function uniqueOrg(prefix: string): string {
  orgCounter++;
  return `${prefix}-${orgCounter}-${Math.random().toString(36).slice(2, 6)}`;
}

async function orgId(store: Store, slug: string): Promise<number> {
  const row = await store.db
    .selectFrom('organizations')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function membershipOf(store: Store, userId: number) {
  return store.db.selectFrom('memberships').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

async function auditActions(store: Store, action: string) {
  return store.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();
}

/** The invitation link in the newest mail to `to`. */
async function invitationToken(store: Store, to: string): Promise<string> {
  const mail = await store.db
    .selectFrom('outbox')
    .select(['text_body', 'kind'])
    .where('to_address', '=', to)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const token = /\/admin\/invitation\/([A-Za-z0-9_-]+)/.exec(mail.text_body)?.[1];
  assert.ok(token, 'the mail carries the invitation link');
  return token;
}

onEachDatabase('admin members', (db) => {
  let t: TestApp;
  let mailQueued = 0;
  before(async () => {
    t = await startApp(db().store, { now: () => NOW, onMailQueued: () => mailQueued++ });
  });
  after(async () => t.close());

  const get = (url: string, who?: TestOrganiser | string) =>
    t.app.inject({
      method: 'GET',
      url,
      headers: who ? { cookie: typeof who === 'string' ? who : who.cookie } : {},
    });

  test('lists the organisation’s members with name, e-mail and role, and its open invitations', async () => {
    const store = db().store;
    const org = uniqueOrg('mem-list');
    const owner = await organiser(store, { org, role: 'owner' });
    const colleague = await organiser(store, { org, role: 'facilitator' });
    const res = await get('/admin/members', owner);
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes(colleague.email));
    assert.match(res.body, new RegExp(`${colleague.email.replace('.', '\\.')}</td><td>Tilrettelegger</td>`));
    assert.match(res.body, /Ingen åpne invitasjoner/);
    assert.match(res.body, /action="\/admin\/members\/invite"/);
    // A facilitator sees the list but no forms.
    const asColleague = await get('/admin/members', colleague);
    assert.equal(asColleague.statusCode, 200);
    assert.ok(asColleague.body.includes(owner.email));
    assert.ok(!asColleague.body.includes('action="/admin/members/invite"'));
    assert.match(asColleague.body, /Bare eiere kan invitere/);
  });

  test('an owner invites by e-mail; the mailed link lets a new person choose a password and become a member', async () => {
    const store = db().store;
    const org = uniqueOrg('mem-invite');
    const owner = await organiser(store, { org, role: 'owner' });
    const before = mailQueued;
    const res = await postAdminForm(t.app, owner, '/admin/members', '/admin/members/invite', {
      organization: String(await orgId(store, org)),
      email: 'Ny.Person@example.no',
      role: 'organiser',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/members?done=invited');
    assert.ok(mailQueued > before, 'the mail worker is told about the new mail');
    const listed = await get('/admin/members?done=invited', owner);
    assert.match(listed.body, /Invitasjonen er sendt/);
    assert.ok(listed.body.includes('Ny.Person@example.no'), 'the open invitation is listed');
    const invitation = await store.db
      .selectFrom('invitations')
      .selectAll()
      .where('email_norm', '=', 'ny.person@example.no')
      .executeTakeFirstOrThrow();
    assert.equal(invitation.role, 'organiser');
    assert.equal(invitation.organization_id, await orgId(store, org));

    const token = await invitationToken(store, 'Ny.Person@example.no');
    const url = `/admin/invitation/${token}`;
    const page = await get(url);
    assert.equal(page.statusCode, 200);
    const { token: csrf, cookie } = await csrfFor(t.app, url);
    const accepted = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({
        _csrf: csrf,
        name: 'Ny Person',
        password: 'et nytt langt passord',
        repeat: 'et nytt langt passord',
      }),
    });
    assert.equal(accepted.statusCode, 303);
    assert.equal(accepted.headers.location, '/admin?welcome=1');
    const session = accepted.cookies.find((c) => c.name === 'samskap_admin');
    assert.ok(session, 'the new person is logged in');
    const user = await store.db
      .selectFrom('users')
      .select('id')
      .where('email_norm', '=', 'ny.person@example.no')
      .executeTakeFirstOrThrow();
    assert.equal((await membershipOf(store, user.id))?.role, 'organiser');
    const dashboard = await get('/admin?welcome=1', `samskap_admin=${session.value}`);
    assert.equal(dashboard.statusCode, 200);
    assert.match(dashboard.body, /Velkommen/);
    assert.equal((await auditActions(store, 'invitation.created')).length > 0, true);
  });

  test('refuses an invitation with a bad address with a message beside the field, writing nothing', async () => {
    const store = db().store;
    const org = uniqueOrg('mem-bad');
    const owner = await organiser(store, { org, role: 'owner' });
    const count = async () => (await store.db.selectFrom('invitations').select('id').execute()).length;
    const before = await count();
    const res = await postAdminForm(t.app, owner, '/admin/members', '/admin/members/invite', {
      organization: String(await orgId(store, org)),
      email: 'ikke en adresse',
      role: 'organiser',
    });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /id="f-email-error"[^>]*>.*Skriv inn en gyldig e-postadresse/);
    assert.match(res.body, /value="ikke en adresse"/);
    const noRole = await postAdminForm(t.app, owner, '/admin/members', '/admin/members/invite', {
      organization: String(await orgId(store, org)),
      email: 'rolle@example.no',
    });
    assert.equal(noRole.statusCode, 422);
    assert.match(noRole.body, /Velg en rolle/);
    const member = await organiser(store, { org, role: 'organiser' });
    const already = await postAdminForm(t.app, owner, '/admin/members', '/admin/members/invite', {
      organization: String(await orgId(store, org)),
      email: member.email,
      role: 'organiser',
    });
    assert.equal(already.statusCode, 422);
    assert.match(already.body, /allerede medlem/);
    assert.equal(await count(), before);
  });

  test('non-owners cannot invite (403), and nobody can invite to an organisation they are not in (404)', async () => {
    const store = db().store;
    const org = uniqueOrg('mem-non-owner');
    const plain = await organiser(store, { org, role: 'organiser' });
    const res = await postAdminForm(t.app, plain, '/admin/members', '/admin/members/invite', {
      organization: String(await orgId(store, org)),
      email: 'x@example.no',
      role: 'owner',
    });
    assert.equal(res.statusCode, 403);
    const stranger = await organiser(store, { org: uniqueOrg('mem-stranger'), role: 'owner' });
    const other = await postAdminForm(t.app, stranger, '/admin/members', '/admin/members/invite', {
      organization: String(await orgId(store, org)),
      email: 'y@example.no',
      role: 'owner',
    });
    assert.equal(other.statusCode, 404);
    const written = await store.db
      .selectFrom('invitations')
      .select('id')
      .where('email_norm', 'in', ['x@example.no', 'y@example.no'])
      .execute();
    assert.equal(written.length, 0);
  });

  test('an owner changes a member’s role, and it is audit-logged', async () => {
    const store = db().store;
    const org = uniqueOrg('mem-role');
    const owner = await organiser(store, { org, role: 'owner' });
    const member = await organiser(store, { org, role: 'facilitator' });
    const membership = await membershipOf(store, member.userId);
    const res = await postAdminForm(t.app, owner, '/admin/members', `/admin/members/${membership?.id}/role`, {
      role: 'organiser',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/members?done=role');
    assert.equal((await membershipOf(store, member.userId))?.role, 'organiser');
    const audit = await auditActions(store, 'membership.role_changed');
    assert.ok(audit.some((a) => a.subject_id === membership?.id && a.data_json.includes('"to":"organiser"')));
    const bad = await postAdminForm(t.app, owner, '/admin/members', `/admin/members/${membership?.id}/role`, {
      role: 'king',
    });
    assert.equal(bad.statusCode, 422);
    assert.equal((await membershipOf(store, member.userId))?.role, 'organiser');
    // A member of the organisation who is not an owner may not.
    const res2 = await postAdminForm(t.app, member, '/admin/members', `/admin/members/${membership?.id}/role`, {
      role: 'owner',
    });
    assert.equal(res2.statusCode, 403);
  });

  test('the last owner can be neither demoted nor removed; with a second owner they can', async () => {
    const store = db().store;
    const org = uniqueOrg('mem-last');
    const owner = await organiser(store, { org, role: 'owner' });
    const own = await membershipOf(store, owner.userId);
    const demote = await postAdminForm(t.app, owner, '/admin/members', `/admin/members/${own?.id}/role`, {
      role: 'organiser',
    });
    assert.equal(demote.statusCode, 409);
    assert.match(demote.body, /minst én eier/);
    const remove = await postAdminForm(t.app, owner, '/admin/members', `/admin/members/${own?.id}/remove`, {});
    assert.equal(remove.statusCode, 409);
    assert.equal((await membershipOf(store, owner.userId))?.role, 'owner');

    const second = await organiser(store, { org, role: 'owner' });
    const removed = await postAdminForm(t.app, second, '/admin/members', `/admin/members/${own?.id}/remove`, {});
    assert.equal(removed.statusCode, 303);
    assert.equal(removed.headers.location, '/admin/members?done=removed');
    assert.equal(await membershipOf(store, owner.userId), undefined);
    assert.ok((await auditActions(store, 'membership.removed')).some((a) => a.subject_id === own?.id));
  });

  test('a member of another organisation gets 404 for this organisation’s memberships and invitations', async () => {
    const store = db().store;
    const org = uniqueOrg('mem-iso');
    await organiser(store, { org, role: 'owner' });
    const member = await organiser(store, { org, role: 'facilitator' });
    const membership = await membershipOf(store, member.userId);
    const stranger = await organiser(store, { org: uniqueOrg('mem-iso-other'), role: 'owner' });
    for (const action of [`/admin/members/${membership?.id}/role`, `/admin/members/${membership?.id}/remove`]) {
      const res = await postAdminForm(t.app, stranger, '/admin/members', action, { role: 'owner' });
      assert.equal(res.statusCode, 404, action);
    }
    assert.equal((await membershipOf(store, member.userId))?.role, 'facilitator');
  });

  test('an owner revokes an open invitation, after which its link no longer works', async () => {
    const store = db().store;
    const org = uniqueOrg('mem-revoke');
    const owner = await organiser(store, { org, role: 'owner' });
    await postAdminForm(t.app, owner, '/admin/members', '/admin/members/invite', {
      organization: String(await orgId(store, org)),
      email: `trekk-${org}@example.no`,
      role: 'facilitator',
    });
    const token = await invitationToken(store, `trekk-${org}@example.no`);
    const invitation = await store.db
      .selectFrom('invitations')
      .select('id')
      .where('email_norm', '=', `trekk-${org}@example.no`)
      .executeTakeFirstOrThrow();
    const stranger = await organiser(store, { org: uniqueOrg('mem-revoke-other'), role: 'owner' });
    const denied = await postAdminForm(
      t.app,
      stranger,
      '/admin/members',
      `/admin/members/invitations/${invitation.id}/revoke`,
      {},
    );
    assert.equal(denied.statusCode, 404);
    const res = await postAdminForm(
      t.app,
      owner,
      '/admin/members',
      `/admin/members/invitations/${invitation.id}/revoke`,
      {},
    );
    assert.equal(res.statusCode, 303);
    assert.equal((await get(`/admin/invitation/${token}`)).statusCode, 410);
    assert.ok((await auditActions(store, 'invitation.revoked')).some((a) => a.subject_id === invitation.id));
    const again = await postAdminForm(
      t.app,
      owner,
      '/admin/members',
      `/admin/members/invitations/${invitation.id}/revoke`,
      {},
    );
    assert.equal(again.statusCode, 409);
  });

  test('sends a visitor who is not logged in to the login page, for pages and form posts', async () => {
    assert.equal((await get('/admin/members')).statusCode, 303);
    const post = await t.app.inject({ method: 'POST', url: '/admin/members/invite', payload: {} });
    assert.equal(post.statusCode, 303);
    assert.match(post.headers.location ?? '', /^\/admin\/login/);
  });
});

onEachDatabase('admin event access', (db) => {
  let t: TestApp;
  before(async () => {
    t = await startApp(db().store, { now: () => NOW });
  });
  after(async () => t.close());

  const get = (url: string, who?: TestOrganiser | string) =>
    t.app.inject({
      method: 'GET',
      url,
      headers: who ? { cookie: typeof who === 'string' ? who : who.cookie } : {},
    });

  async function setUp(title = 'Felles seminar') {
    const store = db().store;
    const ownerOrg = uniqueOrg('acc-own');
    const partnerOrg = uniqueOrg('acc-partner');
    const owner = await organiser(store, { org: ownerOrg });
    const partner = await organiser(store, { org: partnerOrg });
    const partnerFacilitator = await organiser(store, { org: partnerOrg, role: 'facilitator' });
    const slug = await addEvent(store, smallEvent({ organizationSlug: ownerOrg, title }));
    return {
      store,
      ownerOrg,
      partnerOrg,
      owner,
      partner,
      partnerFacilitator,
      slug,
      access: `/admin/events/${slug}/access`,
    };
  }

  test('granting another organisation lets its members see the event on their dashboard and open it', async () => {
    const s = await setUp('Seminar med KS');
    assert.equal((await get(`/admin/events/${s.slug}`, s.partner)).statusCode, 404);
    assert.ok(!(await get('/admin', s.partner)).body.includes('Seminar med KS'));
    const res = await postAdminForm(t.app, s.owner, s.access, `${s.access}/grant`, {
      organization: s.partnerOrg,
      role: 'organiser',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${s.access}?done=granted`);
    assert.ok((await get('/admin', s.partner)).body.includes('Seminar med KS'));
    assert.equal((await get(`/admin/events/${s.slug}`, s.partner)).statusCode, 200);
    assert.equal((await get(`/admin/events/${s.slug}/numbers`, s.partner)).statusCode, 200);
    // The partner's facilitators stay facilitators.
    assert.equal((await get(`/admin/events/${s.slug}`, s.partnerFacilitator)).statusCode, 200);
    assert.equal((await get(`/admin/events/${s.slug}/numbers`, s.partnerFacilitator)).statusCode, 403);
    // The access page lists the organisation and its members.
    const page = await get(`${s.access}?done=granted`, s.owner);
    assert.match(page.body, /Organisasjonen har fått tilgang/);
    assert.ok(page.body.includes(s.partner.email));
    assert.ok(
      (await s.store.db.selectFrom('audit_log').select('id').where('action', '=', 'event_access.granted').execute())
        .length > 0,
    );
  });

  test('a facilitator grant gives facilitator permission, and revoking removes access', async () => {
    const s = await setUp();
    await postAdminForm(t.app, s.owner, s.access, `${s.access}/grant`, {
      organization: s.partnerOrg,
      role: 'facilitator',
    });
    assert.equal((await get(`/admin/events/${s.slug}`, s.partner)).statusCode, 200);
    assert.equal((await get(`/admin/events/${s.slug}/numbers`, s.partner)).statusCode, 403);
    assert.equal((await get(s.access, s.partner)).statusCode, 403);
    const grant = await s.store.db
      .selectFrom('event_access')
      .select('id')
      .where('organization_id', '=', await orgId(s.store, s.partnerOrg))
      .executeTakeFirstOrThrow();
    // Someone without access to the event cannot revoke its grants.
    const stranger = await organiser(s.store, { org: uniqueOrg('acc-stranger') });
    const { token, cookie } = await adminForm(t.app, '/admin', stranger);
    const denied = await t.app.inject({
      method: 'POST',
      url: `${s.access}/${grant.id}/revoke`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _csrf: token }),
    });
    assert.equal(denied.statusCode, 404);
    const res = await postAdminForm(t.app, s.owner, s.access, `${s.access}/${grant.id}/revoke`, {});
    assert.equal(res.statusCode, 303);
    assert.equal((await get(`/admin/events/${s.slug}`, s.partner)).statusCode, 404);
    assert.ok(!(await get('/admin', s.partner)).body.includes(`/admin/events/${s.slug}"`));
    assert.ok(
      (await s.store.db.selectFrom('audit_log').select('id').where('action', '=', 'event_access.revoked').execute())
        .length > 0,
    );
  });

  test('refuses a grant to an unknown or the owning organisation with a message beside the field', async () => {
    const s = await setUp();
    const count = async () => (await s.store.db.selectFrom('event_access').select('id').execute()).length;
    const before = await count();
    const unknown = await postAdminForm(t.app, s.owner, s.access, `${s.access}/grant`, {
      organization: 'finnes-ikke',
      role: 'organiser',
    });
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.body, /id="f-organization-error"[^>]*>.*Fant ingen organisasjon/);
    assert.match(unknown.body, /value="finnes-ikke"/);
    const own = await postAdminForm(t.app, s.owner, s.access, `${s.access}/grant`, {
      organization: s.ownerOrg,
      role: 'organiser',
    });
    assert.equal(own.statusCode, 422);
    assert.match(own.body, /eier arrangementet/);
    const empty = await postAdminForm(t.app, s.owner, s.access, `${s.access}/grant`, {
      organization: '<script>alert(1)</script>'.repeat(50),
      role: 'owner',
    });
    assert.equal(empty.statusCode, 422);
    assert.ok(!empty.body.includes('<script>alert(1)'), 'what was typed is escaped');
    assert.match(empty.body, /Velg en rolle/);
    assert.equal(await count(), before);
  });

  test('invites a person by e-mail to one event; after accepting they see it and are listed', async () => {
    const s = await setUp('Seminar for gjester');
    const res = await postAdminForm(t.app, s.owner, s.access, `${s.access}/invite`, {
      email: `gjest-${s.ownerOrg}@example.no`,
      personRole: 'facilitator',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${s.access}?done=invited`);
    assert.ok((await get(s.access, s.owner)).body.includes(`gjest-${s.ownerOrg}@example.no`));
    const token = await invitationToken(s.store, `gjest-${s.ownerOrg}@example.no`);
    const url = `/admin/invitation/${token}`;
    const { token: csrf, cookie } = await csrfFor(t.app, url);
    const accepted = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({
        _csrf: csrf,
        name: 'Gjest Gjestesen',
        password: 'et langt gjestepassord',
        repeat: 'et langt gjestepassord',
      }),
    });
    assert.equal(accepted.statusCode, 303);
    const session = accepted.cookies.find((c) => c.name === 'samskap_admin');
    assert.ok(session);
    const guest = `samskap_admin=${session.value}`;
    assert.ok((await get('/admin', guest)).body.includes('Seminar for gjester'));
    assert.equal((await get(`/admin/events/${s.slug}`, guest)).statusCode, 200);
    assert.equal((await get(`/admin/events/${s.slug}/numbers`, guest)).statusCode, 403);
    const page = await get(s.access, s.owner);
    assert.match(page.body, /<th scope="row">Gjest Gjestesen<\/th>/);
    const bad = await postAdminForm(t.app, s.owner, s.access, `${s.access}/invite`, { email: '', personRole: '' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="f-email-error"/);
    assert.match(bad.body, /id="f-personRole-error"/);
  });

  test('revokes an open invitation to the event', async () => {
    const s = await setUp();
    await postAdminForm(t.app, s.owner, s.access, `${s.access}/invite`, {
      email: `tilbake-${s.ownerOrg}@example.no`,
      personRole: 'organiser',
    });
    const token = await invitationToken(s.store, `tilbake-${s.ownerOrg}@example.no`);
    const invitation = await s.store.db
      .selectFrom('invitations')
      .select('id')
      .where('email_norm', '=', `tilbake-${s.ownerOrg}@example.no`)
      .executeTakeFirstOrThrow();
    const res = await postAdminForm(t.app, s.owner, s.access, `${s.access}/invitations/${invitation.id}/revoke`, {});
    assert.equal(res.statusCode, 303);
    assert.equal((await get(`/admin/invitation/${token}`)).statusCode, 410);
  });

  test('guards the access page and its forms: login, other organisation 404, facilitator 403', async () => {
    const s = await setUp();
    assert.equal((await get(s.access)).statusCode, 303);
    const anonymous = await t.app.inject({ method: 'POST', url: `${s.access}/grant`, payload: {} });
    assert.equal(anonymous.statusCode, 303);
    assert.match(anonymous.headers.location ?? '', /^\/admin\/login/);
    const stranger = await organiser(s.store, { org: uniqueOrg('acc-x') });
    assert.equal((await get(s.access, stranger)).statusCode, 404);
    const facilitator = await organiser(s.store, { org: s.ownerOrg, role: 'facilitator' });
    assert.equal((await get(s.access, facilitator)).statusCode, 403);
    const { token, cookie } = await adminForm(t.app, '/admin', facilitator);
    for (const [action, fields] of [
      [`${s.access}/grant`, { organization: s.partnerOrg, role: 'organiser' }],
      [`${s.access}/invite`, { email: 'z@example.no', personRole: 'organiser' }],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: action,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ _csrf: token, ...fields }),
      });
      assert.equal(res.statusCode, 403, action);
    }
    const granted = await s.store.db
      .selectFrom('event_access')
      .select('id')
      .where('organization_id', '=', await orgId(s.store, s.partnerOrg))
      .execute();
    assert.equal(granted.length, 0);
  });
});
