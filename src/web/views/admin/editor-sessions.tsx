// Parallel sessions: code, title, description, facilitator, part, times and capacity, one form
// each, with the seats taken beside the capacity.
import { EDITOR_LIMITS } from '../../forms/event-editor.ts';
import { Checkbox, TextField } from '../forms.tsx';
import {
  capacityText,
  EditorForm,
  EditorFrame,
  type EditorPageProps,
  editorBase,
  local,
  RowButtons,
  rowValues,
  SelectField,
} from './editor.tsx';

type Session = EditorPageProps['data']['sessions'][number];

function SessionFields(props: {
  page: EditorPageProps;
  formKey: string;
  stored: () => Record<string, unknown>;
  counts?: string;
}): JSX.Element {
  const { t } = props.page.ctx;
  const s = t.admin.editor.sessions;
  const r = rowValues(props.page, props.formKey, props.stored);
  return (
    <>
      <div class="field-row">
        <TextField
          t={t}
          name={r.name('code')}
          label={s.code}
          hint={s.codeHint}
          value={r.v('code')}
          error={r.err('code')}
          required
          maxlength={EDITOR_LIMITS.code}
        />
        <TextField
          t={t}
          name={r.name('title')}
          label={s.sessionTitle}
          value={r.v('title')}
          error={r.err('title')}
          required
          maxlength={EDITOR_LIMITS.title}
        />
      </div>
      <TextField
        t={t}
        name={r.name('description')}
        label={s.description}
        value={r.v('description')}
        error={r.err('description')}
        maxlength={EDITOR_LIMITS.sessionDescription}
        multiline
      />
      <TextField
        t={t}
        name={r.name('facilitator')}
        label={s.facilitator}
        value={r.v('facilitator')}
        error={r.err('facilitator')}
        maxlength={EDITOR_LIMITS.facilitators}
      />
      <SelectField
        t={t}
        name={r.name('partId')}
        label={s.part}
        value={r.v('partId') || 'none'}
        error={r.err('partId')}
        options={[
          { value: 'none', label: s.noPart },
          ...props.page.data.parts.map((p) => ({
            value: String(p.id),
            label: t.admin.editor.programme.partHeading(p.label, p.title),
          })),
        ]}
      />
      <div class="field-row">
        <TextField
          t={t}
          name={r.name('date')}
          type="date"
          label={s.date}
          value={r.v('date')}
          error={r.err('date')}
          required
        />
        <TextField
          t={t}
          name={r.name('startTime')}
          type="time"
          label={s.startTime}
          value={r.v('startTime')}
          error={r.err('startTime')}
          required
        />
        <TextField
          t={t}
          name={r.name('endTime')}
          type="time"
          label={s.endTime}
          value={r.v('endTime')}
          error={r.err('endTime')}
          required
        />
      </div>
      <TextField
        t={t}
        name={r.name('capacity')}
        type="number"
        label={s.capacity}
        hint={props.counts ? `${s.capacityHint} ${props.counts}` : s.capacityHint}
        value={r.v('capacity')}
        error={r.err('capacity')}
        attrs={{ min: 0, step: 1, inputmode: 'numeric' }}
      />
      <Checkbox
        t={t}
        name={r.name('pitch')}
        label={t.ideas.admin.pitchSession}
        hint={t.ideas.admin.pitchSessionHint}
        checked={r.checked('pitch')}
        error={r.err('pitch')}
      />
    </>
  );
}

function stored(session: Session, tz: string): Record<string, unknown> {
  const start = local(session.starts_at, tz);
  return {
    code: session.code,
    title: session.title,
    description: session.description,
    facilitator: session.facilitator,
    partId: session.part_id === null ? 'none' : String(session.part_id),
    date: start.date,
    startTime: start.time,
    endTime: local(session.ends_at, tz).time,
    capacity: capacityText(session.capacity),
    pitch: session.pitch === 1 ? 'on' : '',
  };
}

export function EditSessionsPage(props: EditorPageProps): JSX.Element {
  const { t } = props.ctx;
  const s = t.admin.editor.sessions;
  const e = props.data.event;
  const tz = e.time_zone;
  const base = `${editorBase(e.slug)}/edit`;
  const sessions = props.data.sessions;
  const lastPart = props.data.parts[props.data.parts.length - 1];
  return (
    <EditorFrame page={props} current="sessions" title={s.title}>
      <p safe>{s.intro}</p>
      <p class="hint" safe>
        {t.admin.editor.timesNote}
      </p>
      {sessions.length === 0 ? <p safe>{s.none}</p> : ''}
      {sessions.map((session, index) => {
        const key = `s${session.id}`;
        const heading = s.heading(session.code, session.title);
        return (
          <section class="editor-row" aria-labelledby={`${key}-title`} id={key}>
            <h2 id={`${key}-title`} safe>
              {heading}
            </h2>
            <EditorForm page={props} action={`${base}/sessions/${session.id}`} label={heading}>
              <SessionFields
                page={props}
                formKey={key}
                stored={() => stored(session, tz)}
                counts={s.counts(session.seats_taken, session.waitlist_length, session.registrations)}
              />
              <RowButtons t={t} name={heading} move first={index === 0} last={index === sessions.length - 1} />
            </EditorForm>
          </section>
        );
      })}
      <section class="editor-add-part" aria-labelledby="add-session-title" id="snew">
        <h2 id="add-session-title" safe>
          {s.add}
        </h2>
        <EditorForm page={props} action={`${base}/sessions`} label={s.add}>
          <SessionFields
            page={props}
            formKey="snew"
            stored={() => ({
              partId: lastPart ? String(lastPart.id) : 'none',
              date: local(e.starts_at, tz).date,
              capacity: '',
            })}
          />
          <button type="submit" name="action" value="save" class="button button-primary" safe>
            {s.add}
          </button>
        </EditorForm>
      </section>
    </EditorFrame>
  );
}
