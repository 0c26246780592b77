// Roles, extra questions, and organisers with links: short lists, one form per row and an
// "add" form each.
import { isDefaultRoleCode } from '../../../core/events/roles.ts';
import { EDITOR_LIMITS } from '../../forms/event-editor.ts';
import type { Messages } from '../../i18n/index.ts';
import { Checkbox, RadioGroup, TextField } from '../forms.tsx';
import {
  EditorForm,
  EditorFrame,
  type EditorPageProps,
  editorBase,
  RowButtons,
  rowValues,
  SelectField,
} from './editor.tsx';

export function EditRolesPage(props: EditorPageProps): JSX.Element {
  const { t } = props.ctx;
  const r0 = t.admin.editor.roles;
  const e = props.data.event;
  const base = `${editorBase(e.slug)}/edit`;
  const roles = props.data.roles;
  const add = rowValues(props, 'rnew', () => ({}));
  return (
    <EditorFrame page={props} current="roles" title={r0.title}>
      <p safe>{r0.intro}</p>
      <ul class="editor-rows">
        {roles.map((role, index) => {
          const key = `r${role.id}`;
          const r = rowValues(props, key, () => ({ label: role.label ?? '', asksText: role.asks_text === 1 }));
          const standard = isDefaultRoleCode(role.code) ? t.roles[role.code] : undefined;
          const name = role.label ?? standard ?? role.code;
          return (
            <li id={key}>
              <EditorForm page={props} action={`${base}/roles/${role.id}`} label={name}>
                <h2 class="row-heading">
                  <span safe>{name}</span> <code safe>{role.code}</code>
                </h2>
                {role.inUse ? (
                  <p class="hint" safe>
                    {r0.inUse}
                  </p>
                ) : (
                  ''
                )}
                <TextField
                  t={t}
                  name={r.name('label')}
                  label={r0.label}
                  hint={standard ? `${r0.labelHint} ${r0.standardName(standard)}` : undefined}
                  value={r.v('label')}
                  error={r.err('label')}
                  maxlength={EDITOR_LIMITS.roleLabel}
                  conditional={!standard}
                />
                <Checkbox t={t} name={r.name('asksText')} label={r0.asksText} checked={r.checked('asksText')} />
                <RowButtons t={t} name={name} move first={index === 0} last={index === roles.length - 1} />
              </EditorForm>
            </li>
          );
        })}
      </ul>
      <section aria-labelledby="add-role-title" id="rnew" class="editor-add-part">
        <h2 id="add-role-title" safe>
          {r0.add}
        </h2>
        <EditorForm page={props} action={`${base}/roles`} label={r0.add}>
          <TextField
            t={t}
            name={add.name('code')}
            label={r0.code}
            hint={r0.codeHint}
            value={add.v('code')}
            error={add.err('code')}
            required
            maxlength={50}
          />
          <TextField
            t={t}
            name={add.name('label')}
            label={r0.label}
            hint={r0.labelHint}
            value={add.v('label')}
            error={add.err('label')}
            maxlength={EDITOR_LIMITS.roleLabel}
            conditional
          />
          <Checkbox t={t} name={add.name('asksText')} label={r0.asksText} checked={add.checked('asksText')} />
          <button type="submit" name="action" value="save" class="button button-primary" safe>
            {r0.add}
          </button>
        </EditorForm>
      </section>
    </EditorFrame>
  );
}

function QuestionFields(props: { page: EditorPageProps; formKey: string; stored: () => Record<string, unknown> }) {
  const { t } = props.page.ctx;
  const q = t.admin.editor.questions;
  const r = rowValues(props.page, props.formKey, props.stored);
  return (
    <>
      <TextField
        t={t}
        name={r.name('label')}
        label={q.label}
        value={r.v('label')}
        error={r.err('label')}
        required
        maxlength={EDITOR_LIMITS.question}
      />
      <TextField
        t={t}
        name={r.name('hint')}
        label={q.hint}
        value={r.v('hint')}
        error={r.err('hint')}
        maxlength={EDITOR_LIMITS.hint}
      />
      <RadioGroup
        t={t}
        name={r.name('kind')}
        legend={q.kind}
        value={r.v('kind') || 'text'}
        error={r.err('kind')}
        options={(['text', 'choice', 'checkboxes'] as const).map((k) => ({ value: k, label: q.kinds[k] }))}
      />
      <TextField
        t={t}
        name={r.name('options')}
        label={q.options}
        hint={q.optionsHint}
        value={r.v('options')}
        error={r.err('options')}
        multiline
        conditional
      />
      <Checkbox t={t} name={r.name('required')} label={q.required} checked={r.checked('required')} />
    </>
  );
}

export function EditQuestionsPage(props: EditorPageProps): JSX.Element {
  const { t } = props.ctx;
  const q = t.admin.editor.questions;
  const e = props.data.event;
  const base = `${editorBase(e.slug)}/edit`;
  const questions = props.data.questions;
  return (
    <EditorFrame page={props} current="questions" title={q.title}>
      <p safe>{q.intro}</p>
      {questions.length === 0 ? <p safe>{q.none}</p> : ''}
      {questions.map((question, index) => {
        const key = `q${question.id}`;
        return (
          <section class="editor-row" aria-labelledby={`${key}-title`} id={key}>
            <h2 id={`${key}-title`} safe>
              {question.label}
            </h2>
            <EditorForm page={props} action={`${base}/questions/${question.id}`} label={question.label}>
              <QuestionFields
                page={props}
                formKey={key}
                stored={() => ({
                  label: question.label,
                  hint: question.hint,
                  kind: question.kind,
                  options: question.options.join('\n'),
                  required: question.required === 1,
                })}
              />
              <RowButtons t={t} name={question.label} move first={index === 0} last={index === questions.length - 1} />
            </EditorForm>
          </section>
        );
      })}
      <section aria-labelledby="add-question-title" id="qnew" class="editor-add-part">
        <h2 id="add-question-title" safe>
          {q.add}
        </h2>
        <EditorForm page={props} action={`${base}/questions`} label={q.add}>
          <QuestionFields page={props} formKey="qnew" stored={() => ({ kind: 'text' })} />
          <button type="submit" name="action" value="save" class="button button-primary" safe>
            {q.add}
          </button>
        </EditorForm>
      </section>
    </EditorFrame>
  );
}

export function EditPartiesPage(props: EditorPageProps): JSX.Element {
  const { t } = props.ctx;
  const p = t.admin.editor.parties;
  const e = props.data.event;
  const base = `${editorBase(e.slug)}/edit`;
  const kinds = (['organiser', 'partner'] as const).map((k) => ({ value: k, label: p.kinds[k] }));
  const addParty = rowValues(props, 'onew', () => ({ kind: 'organiser' }));
  const addLink = rowValues(props, 'lnew', () => ({}));
  const group = (kind: 'organiser' | 'partner', heading: string) => {
    const rows = props.data.parties.filter((x) => x.kind === kind);
    return (
      <section aria-labelledby={`${kind}-title`}>
        <h2 id={`${kind}-title`} safe>
          {heading}
        </h2>
        {rows.length === 0 ? <p safe>{p.none}</p> : ''}
        <ul class="editor-rows">
          {rows.map((party, index) => {
            const key = `o${party.id}`;
            const r = rowValues(props, key, () => ({ kind: party.kind, name: party.name, url: party.url ?? '' }));
            return (
              <li id={key}>
                <EditorForm page={props} action={`${base}/parties/${party.id}`} label={party.name}>
                  <PartyFields t={t} row={r} kinds={kinds} />
                  <RowButtons t={t} name={party.name} move first={index === 0} last={index === rows.length - 1} />
                </EditorForm>
              </li>
            );
          })}
        </ul>
      </section>
    );
  };
  return (
    <EditorFrame page={props} current="parties" title={p.title}>
      {group('organiser', p.organisers)}
      {group('partner', p.partners)}
      <section aria-labelledby="add-party-title" id="onew" class="editor-add-part">
        <h2 id="add-party-title" safe>
          {p.add}
        </h2>
        <EditorForm page={props} action={`${base}/parties`} label={p.add}>
          <PartyFields t={t} row={addParty} kinds={kinds} />
          <button type="submit" name="action" value="save" class="button button-primary" safe>
            {p.add}
          </button>
        </EditorForm>
      </section>
      <section aria-labelledby="links-title">
        <h2 id="links-title" safe>
          {p.links}
        </h2>
        {props.data.links.length === 0 ? <p safe>{p.none}</p> : ''}
        <ul class="editor-rows">
          {props.data.links.map((link, index) => {
            const key = `l${link.id}`;
            const r = rowValues(props, key, () => ({ label: link.label, url: link.url }));
            return (
              <li id={key}>
                <EditorForm page={props} action={`${base}/links/${link.id}`} label={link.label}>
                  <LinkFields t={t} row={r} />
                  <RowButtons
                    t={t}
                    name={link.label}
                    move
                    first={index === 0}
                    last={index === props.data.links.length - 1}
                  />
                </EditorForm>
              </li>
            );
          })}
        </ul>
        <h3 safe>{p.addLink}</h3>
        <EditorForm page={props} action={`${base}/links`} label={p.addLink} id="lnew">
          <LinkFields t={t} row={addLink} />
          <button type="submit" name="action" value="save" class="button button-primary" safe>
            {p.addLink}
          </button>
        </EditorForm>
      </section>
    </EditorFrame>
  );
}

type EditorRow = ReturnType<typeof rowValues>;

/** An organiser's or partner's fields, the same in a saved row and in the "add" form. */
function PartyFields(props: { t: Messages; row: EditorRow; kinds: { value: string; label: string }[] }): JSX.Element {
  const { t, row } = props;
  const p = t.admin.editor.parties;
  return (
    <div class="field-row">
      <TextField
        t={t}
        name={row.name('name')}
        label={p.name}
        value={row.v('name')}
        error={row.err('name')}
        required
        maxlength={EDITOR_LIMITS.name}
      />
      <TextField
        t={t}
        name={row.name('url')}
        type="url"
        label={p.url}
        value={row.v('url')}
        error={row.err('url')}
        maxlength={EDITOR_LIMITS.url}
      />
      <SelectField
        t={t}
        name={row.name('kind')}
        label={p.kind}
        value={row.v('kind')}
        error={row.err('kind')}
        options={props.kinds}
      />
    </div>
  );
}

/** A link's fields, the same in a saved row and in the "add" form. */
function LinkFields(props: { t: Messages; row: EditorRow }): JSX.Element {
  const { t, row } = props;
  const p = t.admin.editor.parties;
  return (
    <div class="field-row">
      <TextField
        t={t}
        name={row.name('label')}
        label={p.linkLabel}
        value={row.v('label')}
        error={row.err('label')}
        required
        maxlength={EDITOR_LIMITS.name}
      />
      <TextField
        t={t}
        name={row.name('url')}
        type="url"
        label={p.linkUrl}
        value={row.v('url')}
        error={row.err('url')}
        required
        maxlength={EDITOR_LIMITS.url}
      />
    </div>
  );
}
