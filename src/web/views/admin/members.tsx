// The members page (organisations, members, invitations) and an event's access page.
import type { EventAccessList } from '../../../core/accounts/list-event-access.ts';
import type { MemberView, OpenInvitation, OrganizationMembers } from '../../../core/accounts/list-members.ts';
import type { EventPermission, MemberRole } from '../../../core/accounts/types.ts';
import { formatShortDate, type Messages } from '../../i18n/index.ts';
import { CsrfField, ErrorSummary, type FieldErrors, RadioGroup, TextField } from '../forms.tsx';
import { AdminLayout, type AdminViewContext } from './layout.tsx';

const MEMBER_ROLE_ORDER: MemberRole[] = ['owner', 'organiser', 'facilitator'];

function roleText(t: Messages, role: string): string {
  return (t.admin.common.roleNames as Record<string, string>)[role] ?? role;
}

function Notice(props: { notice?: string | undefined; problem?: string | undefined }): JSX.Element {
  return (
    <>
      {props.notice ? (
        <p class="notice notice-success" role="status" safe>
          {props.notice}
        </p>
      ) : (
        ''
      )}
      {props.problem ? (
        <div class="error-summary" role="alert" tabindex="-1" id="error-summary">
          <p safe>{props.problem}</p>
        </div>
      ) : (
        ''
      )}
    </>
  );
}

function SubmitButton(props: { label: string; hiddenLabel?: string; danger?: boolean }): JSX.Element {
  return (
    <button type="submit" class={props.danger ? 'button button-secondary button-small' : 'button button-small'}>
      <span aria-hidden={props.hiddenLabel ? 'true' : undefined} safe>
        {props.label}
      </span>
      {props.hiddenLabel ? (
        <span class="visually-hidden" safe>
          {props.hiddenLabel}
        </span>
      ) : (
        ''
      )}
    </button>
  );
}

function InvitationsTable(props: {
  t: Messages;
  lang: string;
  caption: string;
  invitations: OpenInvitation[];
  csrfToken: string;
  /** Where a revoke form posts for an invitation; none when the viewer may not revoke. */
  revokeAction?: (id: number) => string;
}): JSX.Element {
  const { t } = props;
  const m = t.admin.members;
  if (props.invitations.length === 0) return <p safe>{m.noInvitations}</p>;
  return (
    <div class="table-scroll">
      <table class="data-table">
        <caption class="visually-hidden" safe>
          {props.caption}
        </caption>
        <thead>
          <tr>
            <th scope="col" safe>
              {m.email}
            </th>
            <th scope="col" safe>
              {m.role}
            </th>
            <th scope="col" safe>
              {m.invitedBy}
            </th>
            <th scope="col" safe>
              {m.expires}
            </th>
            {props.revokeAction ? (
              <th scope="col" safe>
                {m.actions}
              </th>
            ) : (
              ''
            )}
          </tr>
        </thead>
        <tbody>
          {props.invitations.map((i) => (
            <tr>
              <th scope="row" safe>
                {i.email}
              </th>
              <td safe>{roleText(t, i.role)}</td>
              <td safe>{i.invitedBy}</td>
              <td safe>{formatShortDate(i.expiresAt, props.lang, 'Europe/Oslo')}</td>
              {props.revokeAction ? (
                <td>
                  <form method="post" action={props.revokeAction(i.id)} class="inline-form">
                    <CsrfField token={props.csrfToken} />
                    <SubmitButton label={m.revoke} hiddenLabel={m.revokeFor(i.email)} danger />
                  </form>
                </td>
              ) : (
                ''
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MemberRow(props: { t: Messages; member: MemberView; manage: boolean; selfId: number; csrfToken: string }) {
  const { t, member: p } = props;
  const m = t.admin.members;
  const selectId = `role-${p.membershipId}`;
  return (
    <tr>
      <th scope="row">
        <span safe>{p.name}</span>
        {p.userId === props.selfId ? <span safe>{` ${m.you}`}</span> : ''}
        {p.pending ? <span class="hint" safe>{` ${m.pending}`}</span> : ''}
      </th>
      <td safe>{p.email}</td>
      <td safe>{roleText(t, p.role)}</td>
      {props.manage ? (
        <td class="member-actions">
          <form method="post" action={`/admin/members/${p.membershipId}/role`} class="role-form">
            <CsrfField token={props.csrfToken} />
            <label for={selectId} class="visually-hidden" safe>
              {m.roleFor(p.name)}
            </label>
            <select id={selectId} name="role">
              {MEMBER_ROLE_ORDER.map((r) => (
                <option value={r} selected={r === p.role} safe>
                  {roleText(t, r)}
                </option>
              ))}
            </select>{' '}
            <SubmitButton label={m.saveRole} hiddenLabel={m.roleFor(p.name)} />
          </form>
          <form method="post" action={`/admin/members/${p.membershipId}/remove`} class="inline-form">
            <CsrfField token={props.csrfToken} />
            <SubmitButton label={m.remove} hiddenLabel={m.removeFor(p.name)} danger />
          </form>
        </td>
      ) : (
        ''
      )}
    </tr>
  );
}

function MembersTable(props: {
  t: Messages;
  caption: string;
  members: MemberView[];
  manage: boolean;
  selfId: number;
  csrfToken: string;
}): JSX.Element {
  const { t } = props;
  const m = t.admin.members;
  return (
    <div class="table-scroll">
      <table class="data-table members-table">
        <caption safe>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" safe>
              {m.name}
            </th>
            <th scope="col" safe>
              {m.email}
            </th>
            <th scope="col" safe>
              {m.role}
            </th>
            {props.manage ? (
              <th scope="col" safe>
                {m.actions}
              </th>
            ) : (
              ''
            )}
          </tr>
        </thead>
        <tbody>
          {props.members.map((p) => (
            <MemberRow t={t} member={p} manage={props.manage} selfId={props.selfId} csrfToken={props.csrfToken} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface InviteFormState {
  organization: string;
  email: string;
  role: string;
  errors: FieldErrors;
}

export function MembersPage(props: {
  ctx: AdminViewContext;
  organizations: OrganizationMembers[];
  notice?: string | undefined;
  problem?: string | undefined;
  invite?: InviteFormState;
}): JSX.Element {
  const { t, lang, user } = props.ctx;
  const m = t.admin.members;
  const owned = props.organizations.filter((o) => o.myRole === 'owner');
  const invite = props.invite ?? { organization: String(owned[0]?.id ?? ''), email: '', role: '', errors: {} };
  return (
    <AdminLayout ctx={props.ctx} title={m.title}>
      <h1 safe>{m.title}</h1>
      <Notice notice={props.notice} problem={props.problem} />
      <ErrorSummary t={t} errors={invite.errors} order={['organization', 'email', 'role']} />
      <p safe>{m.intro}</p>
      <ul class="role-help">
        {MEMBER_ROLE_ORDER.map((r) => (
          <li safe>{m.roleHelp[r]}</li>
        ))}
      </ul>
      {props.organizations.length === 0 ? <p safe>{m.noOrganizations}</p> : ''}
      {props.organizations.map((org) => {
        const manage = org.myRole === 'owner';
        return (
          <section aria-labelledby={`org-${org.id}`} class="org-section">
            <h2 id={`org-${org.id}`} safe>
              {org.name}
            </h2>
            <p safe>{m.shortName(org.slug)}</p>
            <p safe>{`${m.yourRole(roleText(t, org.myRole).toLowerCase())}${manage ? '' : ` ${m.ownersOnly}`}`}</p>
            {manage ? (
              <p>
                <a href={`/admin/organizations/${encodeURIComponent(org.slug)}/privacy`} safe>
                  {t.admin.privacy.membersLink(org.name)}
                </a>
              </p>
            ) : (
              ''
            )}
            <MembersTable
              t={t}
              caption={m.caption(org.name)}
              members={org.members}
              manage={manage}
              selfId={user?.id ?? 0}
              csrfToken={props.ctx.csrfToken}
            />
            <h3 safe>{m.invitationsHeading}</h3>
            <InvitationsTable
              t={t}
              lang={lang}
              caption={m.invitationsCaption(org.name)}
              invitations={org.invitations}
              csrfToken={props.ctx.csrfToken}
              {...(manage ? { revokeAction: (id: number) => `/admin/members/invitations/${id}/revoke` } : {})}
            />
          </section>
        );
      })}
      {owned.length > 0 ? (
        <section aria-labelledby="invite-title" class="form-section">
          <h2 id="invite-title" safe>
            {m.inviteHeading(owned.length === 1 ? (owned[0]?.name ?? '') : owned.map((o) => o.name).join(' / '))}
          </h2>
          <p safe>{m.inviteIntro}</p>
          <form method="post" action="/admin/members/invite" novalidate>
            <CsrfField token={props.ctx.csrfToken} />
            {owned.length === 1 ? (
              <input type="hidden" name="organization" value={String(owned[0]?.id ?? '')} />
            ) : (
              <RadioGroup
                t={t}
                name="organization"
                legend={m.inviteOrganization}
                options={owned.map((o) => ({ value: String(o.id), label: o.name }))}
                value={invite.organization}
                error={invite.errors.organization}
                required
              />
            )}
            <TextField
              t={t}
              name="email"
              type="email"
              label={m.inviteEmail}
              value={invite.email}
              error={invite.errors.email}
              required
              autocomplete="off"
              maxlength={254}
            />
            <RadioGroup
              t={t}
              name="role"
              legend={m.inviteRole}
              options={MEMBER_ROLE_ORDER.map((r) => ({ value: r, label: roleText(t, r), hint: m.roleHelp[r] }))}
              value={invite.role}
              error={invite.errors.role}
              required
            />
            <button type="submit" class="button button-primary" safe>
              {m.inviteSubmit}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
    </AdminLayout>
  );
}

export interface AccessFormState {
  organization: string;
  role: string;
  email: string;
  personRole: string;
  errors: FieldErrors;
}

export function AccessPage(props: {
  ctx: AdminViewContext;
  event: { slug: string; title: string };
  permission: EventPermission;
  access: EventAccessList;
  notice?: string | undefined;
  problem?: string | undefined;
  form?: AccessFormState;
}): JSX.Element {
  const { t, lang, user } = props.ctx;
  const a = t.admin.access;
  const m = t.admin.members;
  const base = `/admin/events/${encodeURIComponent(props.event.slug)}/access`;
  const form = props.form ?? { organization: '', role: '', email: '', personRole: '', errors: {} };
  const accessOptions = (['organiser', 'facilitator'] as const).map((r) => ({
    value: r,
    label: roleText(t, r),
    hint: m.roleHelp[r],
  }));
  const access = props.access;
  return (
    <AdminLayout
      ctx={props.ctx}
      title={`${a.title}: ${props.event.title}`}
      event={{ slug: props.event.slug, title: props.event.title, permission: props.permission, current: 'access' }}
    >
      <h1 safe>{a.title}</h1>
      <Notice notice={props.notice} problem={props.problem} />
      <ErrorSummary t={t} errors={form.errors} order={['organization', 'role', 'email', 'personRole']} />
      <p safe>{a.intro}</p>

      <section aria-labelledby="owner-title">
        <h2 id="owner-title" safe>
          {a.ownerHeading(access.owner.name)}
        </h2>
        <p safe>{a.ownerNote}</p>
        <MembersTable
          t={t}
          caption={a.membersCaption(access.owner.name)}
          members={access.owner.members}
          manage={false}
          selfId={user?.id ?? 0}
          csrfToken={props.ctx.csrfToken}
        />
      </section>

      <section aria-labelledby="orgs-title">
        <h2 id="orgs-title" safe>
          {a.orgsHeading}
        </h2>
        {access.organizations.length === 0 ? <p safe>{a.noOrgs}</p> : ''}
        {access.organizations.map((g) => (
          <div class="grant">
            <h3 safe>{a.orgHeading(g.name, roleText(t, g.role).toLowerCase())}</h3>
            {g.members.length === 0 ? (
              <p safe>{a.noMembers}</p>
            ) : (
              <ul>
                {g.members.map((p) => (
                  <li
                    safe
                  >{`${p.name} (${p.email}) – ${roleText(t, p.role === 'facilitator' ? 'facilitator' : g.role)}`}</li>
                ))}
              </ul>
            )}
            <form method="post" action={`${base}/${g.grantId}/revoke`}>
              <CsrfField token={props.ctx.csrfToken} />
              <SubmitButton label={a.revokeAccess} hiddenLabel={a.revokeOrg(g.name)} danger />
            </form>
          </div>
        ))}
      </section>

      <section aria-labelledby="people-title">
        <h2 id="people-title" safe>
          {a.peopleHeading}
        </h2>
        {access.people.length === 0 ? (
          <p safe>{a.noPeople}</p>
        ) : (
          <div class="table-scroll">
            <table class="data-table">
              <caption class="visually-hidden" safe>
                {a.peopleCaption}
              </caption>
              <thead>
                <tr>
                  <th scope="col" safe>
                    {m.name}
                  </th>
                  <th scope="col" safe>
                    {m.email}
                  </th>
                  <th scope="col" safe>
                    {a.access}
                  </th>
                  <th scope="col" safe>
                    {m.actions}
                  </th>
                </tr>
              </thead>
              <tbody>
                {access.people.map((p) => (
                  <tr>
                    <th scope="row" safe>
                      {p.name}
                    </th>
                    <td safe>{p.email}</td>
                    <td safe>{roleText(t, p.role)}</td>
                    <td>
                      <form method="post" action={`${base}/${p.grantId}/revoke`} class="inline-form">
                        <CsrfField token={props.ctx.csrfToken} />
                        <SubmitButton label={a.revokeAccess} hiddenLabel={a.revokePerson(p.name)} danger />
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h3 safe>{a.invitationsHeading}</h3>
        <InvitationsTable
          t={t}
          lang={lang}
          caption={a.invitationsHeading}
          invitations={access.invitations}
          csrfToken={props.ctx.csrfToken}
          revokeAction={(id) => `${base}/invitations/${id}/revoke`}
        />
      </section>

      <section aria-labelledby="grant-title" class="form-section">
        <h2 id="grant-title" safe>
          {a.grantHeading}
        </h2>
        <p safe>{a.grantIntro}</p>
        <form method="post" action={`${base}/grant`} novalidate>
          <CsrfField token={props.ctx.csrfToken} />
          <TextField
            t={t}
            name="organization"
            label={a.organization}
            hint={a.organizationHint}
            value={form.organization}
            error={form.errors.organization}
            required
            maxlength={100}
            autocomplete="off"
          />
          <RadioGroup
            t={t}
            name="role"
            legend={a.role}
            options={accessOptions}
            value={form.role}
            error={form.errors.role}
            required
          />
          <button type="submit" class="button button-primary" safe>
            {a.grantSubmit}
          </button>
        </form>
      </section>

      <section aria-labelledby="invite-title" class="form-section">
        <h2 id="invite-title" safe>
          {a.inviteHeading}
        </h2>
        <p safe>{a.inviteIntro}</p>
        <form method="post" action={`${base}/invite`} novalidate>
          <CsrfField token={props.ctx.csrfToken} />
          <TextField
            t={t}
            name="email"
            type="email"
            label={a.email}
            value={form.email}
            error={form.errors.email}
            required
            maxlength={254}
            autocomplete="off"
          />
          <RadioGroup
            t={t}
            name="personRole"
            legend={a.role}
            options={accessOptions}
            value={form.personRole}
            error={form.errors.personRole}
            required
          />
          <button type="submit" class="button button-primary" safe>
            {a.inviteSubmit}
          </button>
        </form>
      </section>
    </AdminLayout>
  );
}
