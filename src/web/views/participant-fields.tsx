// The role and needs fields a person fills in, shared by the sign-up form and the edit form on
// the personal page, so that both ask the same way and report errors the same way.
import type { EventDetails } from '../../core/events/types.ts';
import { LIMITS } from '../forms/fields.ts';
import type { Messages } from '../i18n/index.ts';
import { roleLabel } from './format.ts';
import { Checkbox, type FieldErrors, RadioGroup, TextField } from './forms.tsx';

export type FieldValues = Record<string, unknown>;

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const on = (v: unknown) => v === 'on' || v === true || v === 'true';

/** "I come as" (the event's roles) and the description asked for with "other". */
export function RoleFields(props: {
  t: Messages;
  event: Pick<EventDetails, 'roles'>;
  values: FieldValues;
  errors: FieldErrors;
}): JSX.Element {
  const { t, event, values, errors } = props;
  return (
    <>
      <RadioGroup
        t={t}
        name="role"
        legend={t.register.role}
        options={event.roles.map((r) => ({ value: r.code, label: roleLabel(t, event, r.code) }))}
        value={str(values.role)}
        error={errors.role}
        required
      />
      <TextField
        t={t}
        name="roleOther"
        label={t.register.roleOther}
        hint={t.register.roleOtherHint}
        conditional
        value={str(values.roleOther)}
        error={errors.roleOther}
        maxlength={LIMITS.roleOther}
      />
    </>
  );
}

/** Needs for accommodation with their consent, and the opt-in to the public participant list. */
export function NeedsFields(props: { t: Messages; values: FieldValues; errors: FieldErrors }): JSX.Element {
  const { t, values, errors } = props;
  return (
    <>
      <TextField
        t={t}
        name="needs"
        label={t.register.needs}
        hint={t.register.needsHint}
        value={str(values.needs)}
        error={errors.needs}
        maxlength={LIMITS.needs}
        multiline
      />
      <Checkbox
        t={t}
        name="needsConsent"
        label={t.register.needsConsent}
        checked={on(values.needsConsent)}
        error={errors.needsConsent}
      />
      <Checkbox t={t} name="publicListing" label={t.register.publicListing} checked={on(values.publicListing)} />
    </>
  );
}
