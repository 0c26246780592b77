// A new event from scratch, and a copy of an earlier one to a new date.
import { EDITOR_LIMITS } from '../../forms/event-editor.ts';
import { CsrfField, ErrorSummary, type FieldErrors, TextField } from '../forms.tsx';
import { SelectField, str } from './editor.tsx';
import { AdminLayout, type AdminViewContext } from './layout.tsx';

export interface OrganizationChoice {
  id: number;
  name: string;
}

function OrganizationField(props: {
  ctx: AdminViewContext;
  organizations: OrganizationChoice[];
  value: string;
  error?: string | undefined;
}): JSX.Element {
  const { t } = props.ctx;
  const only = props.organizations.length === 1 ? props.organizations[0] : undefined;
  if (only) {
    return (
      <div class="field">
        <p>
          <strong safe>{`${t.admin.editor.create.organization}: `}</strong>
          <span safe>{only.name}</span>
        </p>
        <input type="hidden" name="organizationId" value={String(only.id)} />
      </div>
    );
  }
  return (
    <SelectField
      t={t}
      name="organizationId"
      label={t.admin.editor.create.organization}
      value={props.value}
      error={props.error}
      options={[
        { value: '', label: t.form.choose },
        ...props.organizations.map((o) => ({ value: String(o.id), label: o.name })),
      ]}
    />
  );
}

/** Organisation, title and address of a new event: the same for one made from scratch and a copy. */
function IdentityFields(props: {
  ctx: AdminViewContext;
  organizations: OrganizationChoice[];
  values: Record<string, unknown>;
  errors: FieldErrors;
  baseUrl: string;
}): JSX.Element {
  const { t } = props.ctx;
  const d = t.admin.editor.details;
  const v = (name: string) => str(props.values[name]);
  const err = (name: string) => props.errors[name];
  return (
    <>
      <OrganizationField
        ctx={props.ctx}
        organizations={props.organizations}
        value={v('organizationId')}
        error={err('organizationId')}
      />
      <TextField
        t={t}
        name="title"
        label={d.eventTitle}
        value={v('title')}
        error={err('title')}
        required
        maxlength={EDITOR_LIMITS.title}
      />
      <TextField
        t={t}
        name="slug"
        label={d.slug}
        hint={d.slugHint(props.baseUrl)}
        value={v('slug')}
        error={err('slug')}
        required
        maxlength={EDITOR_LIMITS.slug}
      />
    </>
  );
}

export function NewEventPage(props: {
  ctx: AdminViewContext;
  organizations: OrganizationChoice[];
  values: Record<string, unknown>;
  errors: FieldErrors;
  baseUrl: string;
}): JSX.Element {
  const { t } = props.ctx;
  const c = t.admin.editor.create;
  const d = t.admin.editor.details;
  const v = (name: string) => str(props.values[name]);
  const err = (name: string) => props.errors[name];
  const hasErrors = Object.keys(props.errors).length > 0;
  return (
    <AdminLayout ctx={props.ctx} title={hasErrors ? `${t.form.errorSummaryTitle}: ${c.title}` : c.title}>
      <h1 safe>{c.title}</h1>
      <ErrorSummary t={t} errors={props.errors} />
      {props.organizations.length === 0 ? (
        <p safe>{c.noOrganization}</p>
      ) : (
        <>
          <p safe>{c.intro}</p>
          <p class="hint" safe>
            {c.copyInstead}
          </p>
          <form method="post" action="/admin/events/new" novalidate class="editor-form">
            <CsrfField token={props.ctx.csrfToken} />
            <IdentityFields
              ctx={props.ctx}
              organizations={props.organizations}
              values={props.values}
              errors={props.errors}
              baseUrl={props.baseUrl}
            />
            <p class="hint" safe>
              {t.admin.editor.timesNote}
            </p>
            <div class="field-row">
              <TextField t={t} name="date" type="date" label={c.date} value={v('date')} error={err('date')} required />
              <TextField
                t={t}
                name="startTime"
                type="time"
                label={c.startTime}
                value={v('startTime')}
                error={err('startTime')}
                required
              />
              <TextField
                t={t}
                name="endDate"
                type="date"
                label={c.endDate}
                hint={c.endDateHint}
                value={v('endDate')}
                error={err('endDate')}
              />
              <TextField
                t={t}
                name="endTime"
                type="time"
                label={c.endTime}
                value={v('endTime')}
                error={err('endTime')}
                required
              />
            </div>
            <TextField
              t={t}
              name="closesDate"
              type="date"
              label={c.closesDate}
              hint={c.closesDateHint}
              value={v('closesDate')}
              error={err('closesDate')}
              required
            />
            <TextField
              t={t}
              name="venueName"
              label={d.venueName}
              value={v('venueName')}
              error={err('venueName')}
              required
              maxlength={EDITOR_LIMITS.venue}
            />
            <TextField
              t={t}
              name="contactEmail"
              type="email"
              label={d.contactEmail}
              value={v('contactEmail')}
              error={err('contactEmail')}
              required
              maxlength={EDITOR_LIMITS.email}
            />
            <button type="submit" class="button button-primary" safe>
              {c.submit}
            </button>
          </form>
        </>
      )}
    </AdminLayout>
  );
}

export function CopyEventPage(props: {
  ctx: AdminViewContext;
  source: { slug: string; title: string };
  event: { slug: string; title: string; permission: 'organiser' | 'facilitator' };
  organizations: OrganizationChoice[];
  values: Record<string, unknown>;
  errors: FieldErrors;
  baseUrl: string;
}): JSX.Element {
  const { t } = props.ctx;
  const c = t.admin.editor.copy;
  const v = (name: string) => str(props.values[name]);
  const err = (name: string) => props.errors[name];
  const title = c.title(props.source.title);
  const hasErrors = Object.keys(props.errors).length > 0;
  return (
    <AdminLayout
      ctx={props.ctx}
      title={hasErrors ? `${t.form.errorSummaryTitle}: ${title}` : title}
      event={{ ...props.event, current: 'other' }}
    >
      <h1 safe>{title}</h1>
      <ErrorSummary t={t} errors={props.errors} />
      <p safe>{c.intro}</p>
      <form
        method="post"
        action={`/admin/events/${encodeURIComponent(props.source.slug)}/copy`}
        novalidate
        class="editor-form"
      >
        <CsrfField token={props.ctx.csrfToken} />
        <IdentityFields
          ctx={props.ctx}
          organizations={props.organizations}
          values={props.values}
          errors={props.errors}
          baseUrl={props.baseUrl}
        />
        <TextField
          t={t}
          name="startDate"
          type="date"
          label={c.startDate}
          value={v('startDate')}
          error={err('startDate')}
          required
        />
        <button type="submit" class="button button-primary" safe>
          {c.submit}
        </button>
      </form>
    </AdminLayout>
  );
}
