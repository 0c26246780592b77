// The editor's first page: everything about the event that is not programme, sessions, roles,
// questions or organisers.
import { EDITOR_LIMITS } from '../../forms/event-editor.ts';
import { Checkbox, TextField } from '../forms.tsx';
import {
  capacityText,
  EditorForm,
  EditorFrame,
  type EditorPageProps,
  editorBase,
  local,
  rowValues,
} from './editor.tsx';

/** The details form's values from the stored event. */
export function detailsValues(props: EditorPageProps): Record<string, unknown> {
  const e = props.data.event;
  const tz = e.time_zone;
  const start = local(e.starts_at, tz);
  const end = local(e.ends_at, tz);
  const closes = local(e.registration_closes_at, tz);
  const opens = e.registration_opens_at ? local(e.registration_opens_at, tz) : { date: '', time: '' };
  return {
    title: e.title,
    slug: e.slug,
    summary: e.summary,
    descriptionMd: e.description_md,
    startDate: start.date,
    startTime: start.time,
    endDate: end.date,
    endTime: end.time,
    venueName: e.venue_name,
    venueRoom: e.venue_room,
    venueAddress: e.venue_address,
    audience: e.audience,
    isFree: e.is_free === 1,
    isOpen: e.is_open === 1,
    contactEmail: e.contact_email,
    opensDate: opens.date,
    opensTime: opens.time,
    closesDate: closes.date,
    closesTime: closes.time,
    capacity: capacityText(e.capacity),
    allowNoSession: e.allow_no_session === 1,
    moveProgramme: false,
  };
}

export function EditDetailsPage(props: EditorPageProps & { baseUrl: string }): JSX.Element {
  const { t } = props.ctx;
  const d = t.admin.editor.details;
  const e = props.data.event;
  // The details form's fields have no prefix: one form on the page.
  const open = props.form?.key === 'details' ? props.form : undefined;
  const r = rowValues(props, 'details', () => detailsValues(props));
  const v = r.v;
  const err = (name: string) => open?.errors[name];
  const text = (name: string, label: string, max: number, extra: Record<string, unknown> = {}) => (
    <TextField t={t} name={name} label={label} value={v(name)} error={err(name)} maxlength={max} {...extra} />
  );
  return (
    <EditorFrame page={props} current="details" title={d.title}>
      <EditorForm page={props} action={`${editorBase(e.slug)}/edit`} class="editor-form details-form">
        <fieldset>
          <legend safe>{d.basics}</legend>
          {text('title', d.eventTitle, EDITOR_LIMITS.title, { required: true })}
          {text('slug', d.slug, EDITOR_LIMITS.slug, { required: true, hint: d.slugHint(props.baseUrl) })}
          {text('summary', d.summary, EDITOR_LIMITS.summary, { hint: d.summaryHint, multiline: true })}
          {text('descriptionMd', d.description, EDITOR_LIMITS.description, {
            hint: d.descriptionHint,
            multiline: true,
          })}
        </fieldset>
        <fieldset>
          <legend safe>{d.when}</legend>
          <p class="hint" safe>
            {t.admin.editor.timesNote}
          </p>
          <div class="field-row">
            {text('startDate', d.startDate, 10, { type: 'date', required: true })}
            {text('startTime', d.startTime, 5, { type: 'time', required: true })}
            {text('endDate', d.endDate, 10, { type: 'date', required: true })}
            {text('endTime', d.endTime, 5, { type: 'time', required: true })}
          </div>
          <Checkbox
            t={t}
            name="moveProgramme"
            label={d.moveProgramme}
            checked={r.checked('moveProgramme')}
            error={err('moveProgramme')}
          />
        </fieldset>
        <fieldset>
          <legend safe>{d.where}</legend>
          {text('venueName', d.venueName, EDITOR_LIMITS.venue, { required: true })}
          {text('venueRoom', d.venueRoom, EDITOR_LIMITS.venue)}
          {text('venueAddress', d.venueAddress, EDITOR_LIMITS.venue)}
          {text('audience', d.audience, EDITOR_LIMITS.audience, { multiline: true })}
          <Checkbox t={t} name="isFree" label={d.isFree} checked={r.checked('isFree')} />
          <Checkbox t={t} name="isOpen" label={d.isOpen} checked={r.checked('isOpen')} />
          {text('contactEmail', d.contactEmail, EDITOR_LIMITS.email, { type: 'email', required: true })}
        </fieldset>
        <fieldset>
          <legend safe>{d.registration}</legend>
          <div class="field-row">
            {text('opensDate', d.opensDate, 10, { type: 'date', hint: d.opensDateHint })}
            {text('opensTime', d.opensTime, 5, { type: 'time', hint: d.opensTimeHint })}
          </div>
          <div class="field-row">
            {text('closesDate', d.closesDate, 10, { type: 'date', required: true })}
            {text('closesTime', d.closesTime, 5, { type: 'time', hint: d.closesTimeHint })}
          </div>
          {text('capacity', d.capacity, 7, {
            type: 'number',
            hint: `${d.capacityHint} ${d.seatsTaken(e.seats_taken, e.no_session_waitlist_length)}`,
            attrs: { min: 0, step: 1, inputmode: 'numeric' },
          })}
          <Checkbox t={t} name="allowNoSession" label={d.allowNoSession} checked={r.checked('allowNoSession')} />
        </fieldset>
        <button type="submit" name="action" value="save" class="button button-primary" safe>
          {t.admin.editor.actions.save}
        </button>
      </EditorForm>
    </EditorFrame>
  );
}
