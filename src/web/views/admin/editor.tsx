// Pieces shared by the event editor's pages: the frame with the editor's own navigation and the
// publish controls, one-form-per-row helpers, and move/delete buttons. Every form carries the
// event's version, so that a save over a colleague's newer change is refused, not applied.
import type { PropsWithChildren } from '@kitajs/html';
import type { EventPermission } from '../../../core/accounts/types.ts';
import { localParts } from '../../../core/events/event-times.ts';
import type { EditorEvent } from '../../../core/events/get-event-for-editing.ts';
import type { Messages } from '../../i18n/index.ts';
import { CsrfField, ErrorSummary, FieldError, type FieldErrors, fieldId } from '../forms.tsx';
import { AdminLayout, type AdminViewContext } from './layout.tsx';

export type EditorPageKey = 'details' | 'programme' | 'sessions' | 'roles' | 'questions' | 'parties' | 'translations';

/** The form that is shown again with what was typed and its problems (after a refused save). */
export interface OpenForm {
  /** The form's prefix ("i12", "inew7", "details"). */
  key: string;
  values: Record<string, unknown>;
  errors: FieldErrors;
}

export interface EditorPageProps {
  ctx: AdminViewContext;
  data: EditorEvent;
  permission: EventPermission;
  /** A status message after a save ("Endringene er lagret."). */
  notice?: string | undefined;
  /** A refusal shown at the top (stale form, row in use). */
  problem?: string | undefined;
  form?: OpenForm | undefined;
}

export const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
export const on = (v: unknown): boolean => v === 'on' || v === true || v === 'true' || v === 1;

export function editorBase(slug: string): string {
  return `/admin/events/${encodeURIComponent(slug)}`;
}

/** Date and time fields of an instant in the event's zone. */
export function local(iso: string, timeZone: string): { date: string; time: string } {
  return localParts(new Date(iso), timeZone);
}

/** Values of one row's form: what was typed if this form was refused, else the stored row. */
export function rowValues(props: EditorPageProps, key: string, stored: () => Record<string, unknown>) {
  const open = props.form?.key === key ? props.form : undefined;
  const values = open ? open.values : stored();
  const errors = open?.errors ?? {};
  return {
    v: (name: string) => str(values[name]),
    checked: (name: string) => on(values[name]),
    raw: values,
    err: (name: string) => errors[`${key}.${name}`],
    name: (field: string) => `${key}.${field}`,
  };
}

function SubNav(props: { t: Messages; slug: string; current: EditorPageKey }): JSX.Element {
  const e = props.t.admin.editor;
  const base = `${editorBase(props.slug)}/edit`;
  const pages: { key: EditorPageKey; href: string }[] = [
    { key: 'details', href: base },
    { key: 'programme', href: `${base}/programme` },
    { key: 'sessions', href: `${base}/sessions` },
    { key: 'roles', href: `${base}/roles` },
    { key: 'questions', href: `${base}/questions` },
    { key: 'parties', href: `${base}/parties` },
    { key: 'translations', href: `${base}/translations` },
  ];
  return (
    <nav class="editor-nav" aria-label={e.nav}>
      <ul>
        {pages.map((p) => (
          <li>
            <a href={p.href} aria-current={p.key === props.current ? 'page' : undefined} safe>
              {e.pages[p.key]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Published or not, with the buttons to change it, preview and copy. */
function StatusBox(props: { ctx: AdminViewContext; data: EditorEvent }): JSX.Element {
  const { t } = props.ctx;
  const s = t.admin.editor.status;
  const ev = props.data.event;
  const base = editorBase(ev.slug);
  const published = ev.published === 1;
  return (
    <div class={published ? 'editor-status is-published' : 'editor-status'}>
      <p>
        <strong safe>{published ? s.published : s.unpublished}</strong>
      </p>
      <div class="button-row">
        <form method="post" action={`${base}/${published ? 'unpublish' : 'publish'}`} class="inline-form">
          <CsrfField token={props.ctx.csrfToken} />
          <VersionField version={ev.version} />
          <button type="submit" class={published ? 'button button-secondary' : 'button button-primary'} safe>
            {published ? s.unpublish : s.publish}
          </button>
        </form>
        <a class="button button-secondary" href={`${base}/preview`} safe>
          {s.preview}
        </a>
        {published ? (
          <a class="button button-secondary" href={`/e/${encodeURIComponent(ev.slug)}`} safe>
            {s.publicPage}
          </a>
        ) : (
          ''
        )}
        <a class="button button-secondary" href={`${base}/copy`} safe>
          {s.copy}
        </a>
      </div>
    </div>
  );
}

/** The frame of every editor page. */
export function EditorFrame(
  props: PropsWithChildren<{ page: EditorPageProps; current: EditorPageKey; title: string }>,
): JSX.Element {
  const { ctx, data, permission } = props.page;
  const { t } = ctx;
  const errors = props.page.form?.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <AdminLayout
      ctx={ctx}
      title={hasErrors ? `${t.form.errorSummaryTitle}: ${props.title}` : props.title}
      event={{ slug: data.event.slug, title: data.event.title, permission, current: 'edit' }}
      wide
    >
      <h1 safe>{props.title}</h1>
      <SubNav t={t} slug={data.event.slug} current={props.current} />
      {props.page.problem ? (
        <div class="notice notice-problem" role="alert">
          <p safe>{props.page.problem}</p>
        </div>
      ) : (
        ''
      )}
      {props.page.notice ? (
        <p class="notice notice-success" role="status" safe>
          {props.page.notice}
        </p>
      ) : (
        ''
      )}
      <ErrorSummary t={t} errors={errors} />
      <StatusBox ctx={ctx} data={data} />
      {props.children as 'safe'}
    </AdminLayout>
  );
}

export function VersionField(props: { version: number }): JSX.Element {
  return <input type="hidden" name="version" value={String(props.version)} />;
}

/** Opens a form that posts to `action` with the CSRF token and the event's version. */
export function EditorForm(
  props: PropsWithChildren<{ page: EditorPageProps; action: string; id?: string; class?: string; label?: string }>,
): JSX.Element {
  return (
    <form
      method="post"
      action={props.action}
      novalidate
      id={props.id}
      class={props.class ?? 'editor-form'}
      aria-label={props.label}
    >
      <CsrfField token={props.page.ctx.csrfToken} />
      <VersionField version={props.page.data.event.version} />
      {/* Enter in a field saves: the first submit button of the form is "save". */}
      <button type="submit" name="action" value="save" hidden tabindex="-1" />
      {props.children as 'safe'}
    </form>
  );
}

/** Save, move up/down and delete for one row; `name` makes each button's label unique. */
export function RowButtons(props: {
  t: Messages;
  name: string;
  move?: boolean;
  remove?: boolean;
  first?: boolean;
  last?: boolean;
}): JSX.Element {
  const a = props.t.admin.editor.actions;
  return (
    <div class="button-row">
      <button
        type="submit"
        name="action"
        value="save"
        class="button button-primary"
        aria-label={a.saveNamed(props.name)}
        safe
      >
        {a.save}
      </button>
      {props.move && !props.first ? (
        <button
          type="submit"
          name="action"
          value="up"
          class="button button-secondary"
          aria-label={a.upNamed(props.name)}
          safe
        >
          {a.up}
        </button>
      ) : (
        ''
      )}
      {props.move && !props.last ? (
        <button
          type="submit"
          name="action"
          value="down"
          class="button button-secondary"
          aria-label={a.downNamed(props.name)}
          safe
        >
          {a.down}
        </button>
      ) : (
        ''
      )}
      {props.remove === false ? (
        ''
      ) : (
        <button
          type="submit"
          name="action"
          value="delete"
          class="button button-danger"
          aria-label={a.removeNamed(props.name)}
          formnovalidate
          safe
        >
          {a.remove}
        </button>
      )}
    </div>
  );
}

/** A labelled <select>. */
export function SelectField(props: {
  t: Messages;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value: string;
  error?: string | undefined;
  hint?: string | undefined;
}): JSX.Element {
  const id = fieldId(props.name);
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={id} safe>
        {props.label}
      </label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`} safe>
          {props.hint}
        </p>
      ) : (
        ''
      )}
      <FieldError t={props.t} name={props.name} error={props.error} />
      <select
        id={id}
        name={props.name}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described || undefined}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={props.value === o.value} safe>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Capacity values as the form shows them: empty for unlimited. */
export function capacityText(capacity: number | null): string {
  return capacity === null ? '' : String(capacity);
}
