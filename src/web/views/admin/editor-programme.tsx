// The programme: parts, each with its items and their speakers. One form per part and per item,
// and an "add" form for each; speakers are rows inside their item's form.
import { ITEM_KINDS } from '../../../core/events/roles.ts';
import { EDITOR_LIMITS } from '../../forms/event-editor.ts';
import { TextField } from '../forms.tsx';
import {
  EditorForm,
  EditorFrame,
  type EditorPageProps,
  editorBase,
  local,
  RowButtons,
  rowValues,
  SelectField,
  str,
} from './editor.tsx';

type Item = EditorPageProps['data']['items'][number];
type Part = EditorPageProps['data']['parts'][number];

/** Blank speaker rows offered below the existing ones. */
const BLANK_SPEAKERS = 2;

function itemStored(item: Item, tz: string): Record<string, unknown> {
  const start = local(item.starts_at, tz);
  return {
    partId: String(item.part_id),
    date: start.date,
    startTime: start.time,
    endTime: local(item.ends_at, tz).time,
    title: item.title,
    kind: item.kind,
    note: item.note,
    sessionId: item.session_id === null ? 'none' : String(item.session_id),
    speakers: item.speakers.map((s) => ({ name: s.name, affiliation: s.affiliation })),
  };
}

function ItemFields(props: { page: EditorPageProps; formKey: string; stored: () => Record<string, unknown> }) {
  const { t } = props.page.ctx;
  const p = t.admin.editor.programme;
  const data = props.page.data;
  const r = rowValues(props.page, props.formKey, props.stored);
  const speakers = (Array.isArray(r.raw.speakers) ? r.raw.speakers : []) as Record<string, unknown>[];
  const filled = speakers.filter((s) => str(s.name) || str(s.affiliation));
  const rows: Record<string, unknown>[] = [...filled, ...Array.from({ length: BLANK_SPEAKERS }, () => ({}))].slice(
    0,
    EDITOR_LIMITS.speakers,
  );
  return (
    <>
      <TextField
        t={t}
        name={r.name('title')}
        label={p.itemTitle}
        value={r.v('title')}
        error={r.err('title')}
        required
        maxlength={EDITOR_LIMITS.itemTitle}
      />
      <div class="field-row">
        <TextField
          t={t}
          name={r.name('date')}
          type="date"
          label={p.date}
          value={r.v('date')}
          error={r.err('date')}
          required
        />
        <TextField
          t={t}
          name={r.name('startTime')}
          type="time"
          label={p.startTime}
          value={r.v('startTime')}
          error={r.err('startTime')}
          required
        />
        <TextField
          t={t}
          name={r.name('endTime')}
          type="time"
          label={p.endTime}
          value={r.v('endTime')}
          error={r.err('endTime')}
          required
        />
      </div>
      <div class="field-row">
        <SelectField
          t={t}
          name={r.name('kind')}
          label={p.kind}
          value={r.v('kind')}
          error={r.err('kind')}
          options={ITEM_KINDS.map((k) => ({ value: k, label: t.itemKind[k] }))}
        />
        <SelectField
          t={t}
          name={r.name('partId')}
          label={p.moveToPart}
          value={r.v('partId')}
          error={r.err('partId')}
          options={data.parts.map((part) => ({ value: String(part.id), label: p.partHeading(part.label, part.title) }))}
        />
      </div>
      <TextField
        t={t}
        name={r.name('note')}
        label={p.note}
        value={r.v('note')}
        error={r.err('note')}
        maxlength={EDITOR_LIMITS.note}
        multiline
      />
      {data.sessions.length > 0 ? (
        <SelectField
          t={t}
          name={r.name('sessionId')}
          label={p.session}
          hint={p.sessionHint}
          value={r.v('sessionId') || 'none'}
          error={r.err('sessionId')}
          options={[
            { value: 'none', label: p.noSession },
            ...data.sessions.map((s) => ({ value: String(s.id), label: `${s.code}: ${s.title}` })),
          ]}
        />
      ) : (
        ''
      )}
      <fieldset class="speakers-fieldset">
        <legend safe>{p.speakers}</legend>
        <p class="hint" safe>
          {p.speakersHint}
        </p>
        <ol class="speaker-rows">
          {rows.map((s, i) => (
            <li class="speaker-row">
              <TextField
                t={t}
                name={r.name(`speakers.${i}.name`)}
                label={p.speakerName(i + 1)}
                value={str(s.name)}
                error={r.err(`speakers.${i}.name`)}
                maxlength={EDITOR_LIMITS.name}
              />
              <TextField
                t={t}
                name={r.name(`speakers.${i}.affiliation`)}
                label={p.speakerAffiliation(i + 1)}
                value={str(s.affiliation)}
                error={r.err(`speakers.${i}.affiliation`)}
                maxlength={EDITOR_LIMITS.name}
              />
              {i < filled.length ? (
                <div class="button-row">
                  {i > 0 ? (
                    <button type="submit" name="action" value={`speaker-up:${i}`} class="button button-secondary" safe>
                      {p.speakerUp(i + 1)}
                    </button>
                  ) : (
                    ''
                  )}
                  {i < filled.length - 1 ? (
                    <button
                      type="submit"
                      name="action"
                      value={`speaker-down:${i}`}
                      class="button button-secondary"
                      safe
                    >
                      {p.speakerDown(i + 1)}
                    </button>
                  ) : (
                    ''
                  )}
                </div>
              ) : (
                ''
              )}
            </li>
          ))}
        </ol>
      </fieldset>
    </>
  );
}

function PartSection(props: { page: EditorPageProps; part: Part; index: number; count: number }): JSX.Element {
  const { page, part } = props;
  const { t } = page.ctx;
  const p = t.admin.editor.programme;
  const e = page.data.event;
  const tz = e.time_zone;
  const base = `${editorBase(e.slug)}/edit`;
  const key = `p${part.id}`;
  const r = rowValues(page, key, () => ({ label: part.label, title: part.title, facilitators: part.facilitators }));
  const heading = p.partHeading(part.label, part.title);
  const items = page.data.items.filter((i) => i.part_id === part.id);
  const newKey = `inew${part.id}`;
  const first = local(e.starts_at, tz);
  return (
    <section class="editor-part" aria-labelledby={`part-${part.id}`} id={key}>
      <h2 id={`part-${part.id}`} safe>
        {heading}
      </h2>
      <EditorForm page={page} action={`${base}/parts/${part.id}`} label={heading}>
        <div class="field-row">
          <TextField
            t={t}
            name={r.name('label')}
            label={p.label}
            hint={p.labelHint}
            value={r.v('label')}
            error={r.err('label')}
            required
            maxlength={EDITOR_LIMITS.label}
          />
          <TextField
            t={t}
            name={r.name('title')}
            label={p.partTitle}
            value={r.v('title')}
            error={r.err('title')}
            maxlength={EDITOR_LIMITS.title}
          />
        </div>
        <TextField
          t={t}
          name={r.name('facilitators')}
          label={p.facilitators}
          value={r.v('facilitators')}
          error={r.err('facilitators')}
          maxlength={EDITOR_LIMITS.facilitators}
        />
        <RowButtons t={t} name={heading} move first={props.index === 0} last={props.index === props.count - 1} />
      </EditorForm>
      <h3 safe>{p.items}</h3>
      {items.length === 0 ? <p safe>{p.noItems}</p> : ''}
      <ul class="editor-rows">
        {items.map((item) => {
          const itemKey = `i${item.id}`;
          const label = `${local(item.starts_at, tz).time}–${local(item.ends_at, tz).time} ${item.title}`;
          return (
            <li id={itemKey}>
              <details open={page.form?.key === itemKey}>
                <summary safe>{label}</summary>
                <EditorForm page={page} action={`${base}/items/${item.id}`} label={label}>
                  <ItemFields page={page} formKey={itemKey} stored={() => itemStored(item, tz)} />
                  <RowButtons t={t} name={item.title} />
                </EditorForm>
              </details>
            </li>
          );
        })}
      </ul>
      <details class="editor-add" open={page.form?.key === newKey} id={newKey}>
        <summary safe>{p.addItemIn(heading)}</summary>
        <EditorForm page={page} action={`${base}/items`} label={p.addItemIn(heading)}>
          <ItemFields
            page={page}
            formKey={newKey}
            stored={() => ({
              partId: String(part.id),
              date: first.date,
              kind: 'talk',
              sessionId: 'none',
              speakers: [],
            })}
          />
          <button type="submit" name="action" value="save" class="button button-primary" safe>
            {p.addItem}
          </button>
        </EditorForm>
      </details>
    </section>
  );
}

export function EditProgrammePage(props: EditorPageProps): JSX.Element {
  const { t } = props.ctx;
  const p = t.admin.editor.programme;
  const e = props.data.event;
  const r = rowValues(props, 'pnew', () => ({}));
  return (
    <EditorFrame page={props} current="programme" title={p.title}>
      <p safe>{p.intro}</p>
      <p class="hint" safe>
        {t.admin.editor.timesNote}
      </p>
      {props.data.parts.length === 0 ? <p safe>{p.noParts}</p> : ''}
      {props.data.parts.map((part, index) => (
        <PartSection page={props} part={part} index={index} count={props.data.parts.length} />
      ))}
      <section class="editor-add-part" aria-labelledby="add-part-title" id="pnew">
        <h2 id="add-part-title" safe>
          {p.addPart}
        </h2>
        <EditorForm page={props} action={`${editorBase(e.slug)}/edit/parts`} label={p.addPart}>
          <div class="field-row">
            <TextField
              t={t}
              name={r.name('label')}
              label={p.label}
              hint={p.labelHint}
              value={r.v('label')}
              error={r.err('label')}
              required
              maxlength={EDITOR_LIMITS.label}
            />
            <TextField
              t={t}
              name={r.name('title')}
              label={p.partTitle}
              value={r.v('title')}
              error={r.err('title')}
              maxlength={EDITOR_LIMITS.title}
            />
          </div>
          <TextField
            t={t}
            name={r.name('facilitators')}
            label={p.facilitators}
            value={r.v('facilitators')}
            error={r.err('facilitators')}
            maxlength={EDITOR_LIMITS.facilitators}
          />
          <button type="submit" name="action" value="save" class="button button-primary" safe>
            {p.addPart}
          </button>
        </EditorForm>
      </section>
    </EditorFrame>
  );
}
