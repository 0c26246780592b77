// The personal page's co-creation section: propose a challenge, rank the published ones, and see
// one's table in each round. Plain forms; no script needed.
import type { MyCoCreation } from '../../core/tables/challenges/get-my-co-creation.ts';
import { CHALLENGE_LIMITS, SelectField } from './admin/tables.tsx';
import { CsrfField, type FieldErrors, TextField } from './forms.tsx';
import type { ViewContext } from './layout.tsx';

export interface MyTablesState {
  values?: Record<string, string>;
  errors?: FieldErrors;
}

export function MyTablesSection(props: {
  ctx: ViewContext;
  co: MyCoCreation;
  action: (path: string) => string;
  csrfToken: string;
  state?: MyTablesState | undefined;
}): JSX.Element {
  const { t } = props.ctx;
  const m = t.myTables;
  const { co } = props;
  const errors = props.state?.errors ?? {};
  const values = props.state?.values ?? {};
  return (
    <section aria-labelledby="cocreation-title" class="my-tables">
      <h2 id="cocreation-title" safe>
        {m.heading}
      </h2>
      {co.tables.length > 0 ? (
        <div class="my-table-box">
          <h3 safe>{m.tablesHeading}</h3>
          <ul>
            {co.tables.map((x) => (
              <li>
                <strong safe>{m.tableIn(x.round, x.table)}</strong>
                {x.challengeTitle ? <span safe>{` – ${m.challengeAt(x.challengeTitle)}`}</span> : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        ''
      )}
      {co.published && co.accepted.length > 0 ? (
        <form method="post" action={props.action('ranking')} novalidate>
          <CsrfField token={props.csrfToken} />
          <h3 safe>{m.rankHeading}</h3>
          <p safe>{m.rankIntro}</p>
          {co.accepted.map((c) => (
            <details>
              <summary safe>{c.title}</summary>
              <p safe>{c.description}</p>
              {c.affected ? <p safe>{`${m.affected} ${c.affected}`}</p> : ''}
            </details>
          ))}
          {[1, 2, 3].map((n) => (
            <SelectField
              name={`rank${n}`}
              label={m.rank(n)}
              options={[
                { value: '', label: m.noChoice },
                ...co.accepted.map((c) => ({ value: String(c.id), label: c.title })),
              ]}
              value={values[`rank${n}`] ?? (co.ranking[n - 1] ? String(co.ranking[n - 1]) : '')}
              error={errors[`rank${n}`]}
            />
          ))}
          <button type="submit" class="button button-primary" safe>
            {m.saveRanking}
          </button>
        </form>
      ) : (
        ''
      )}
      {co.proposals.length > 0 ? (
        <>
          <h3 safe>{m.yourProposals}</h3>
          <ul>
            {co.proposals.map((p) => (
              <li>
                <span safe>{`${p.title}: ${m.statusNames[p.status]}`}</span>
                {p.status === 'rejected' && p.rejectionNote ? (
                  <span safe>{` ${m.rejectedBecause(p.rejectionNote)}`}</span>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      {co.open ? (
        <form method="post" action={props.action('challenge')} novalidate>
          <CsrfField token={props.csrfToken} />
          <h3 safe>{m.proposeHeading}</h3>
          <p safe>{m.proposeIntro}</p>
          <TextField
            t={t}
            name="challengeTitle"
            label={m.title}
            value={values.challengeTitle ?? ''}
            error={errors.challengeTitle}
            required
            maxlength={CHALLENGE_LIMITS.title}
          />
          <TextField
            t={t}
            name="challengeDescription"
            label={m.description}
            value={values.challengeDescription ?? ''}
            error={errors.challengeDescription}
            required
            multiline
            maxlength={CHALLENGE_LIMITS.description}
          />
          <TextField
            t={t}
            name="challengeAffected"
            label={m.affected}
            value={values.challengeAffected ?? ''}
            error={errors.challengeAffected}
            maxlength={CHALLENGE_LIMITS.affected}
          />
          <button type="submit" class="button button-primary" safe>
            {m.propose}
          </button>
        </form>
      ) : (
        ''
      )}
    </section>
  );
}
