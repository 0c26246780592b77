// The personal page's co-creation forms (issue 7): propose a challenge, rank the published ones.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MyRegistration } from '../../core/registrations/get-my-registration.ts';
import { getMyCoCreation } from '../../core/tables/challenges/get-my-co-creation.ts';
import { proposeChallenge } from '../../core/tables/challenges/propose-challenge.ts';
import { rankChallenges } from '../../core/tables/challenges/rank-challenges.ts';
import type { Db } from '../../db/adapter.ts';
import type { AppServices } from '../app.ts';
import { fieldMessage } from '../forms/fields.ts';
import { CHALLENGE_LIMITS } from '../views/admin/tables.tsx';
import type { FieldErrors } from '../views/forms.tsx';
import type { ViewContext } from '../views/layout.tsx';
import { MyTablesSection, type MyTablesState } from '../views/my-tables.tsx';

/** The co-creation section of the personal page, or '' when the registrant's session has none. */
export async function myTablesSection(
  db: Db,
  ctx: ViewContext,
  my: MyRegistration,
  token: string,
  csrfToken: string,
  state?: MyTablesState,
): Promise<JSX.Element> {
  const co = await getMyCoCreation(db, my.target.id);
  if (!co) return '';
  const query = my.target.id === my.own.id ? '' : `?p=${my.target.id}`;
  return MyTablesSection({
    ctx,
    co,
    csrfToken,
    state,
    action: (path) => `/m/${token}/${path}${query}`,
  });
}

export interface MyPageHelpers {
  loadMine(req: FastifyRequest, reply: FastifyReply): Promise<{ my: MyRegistration; token: string } | null>;
  /** Re-renders the personal page with the co-creation forms' values and errors. */
  renderMine(
    req: FastifyRequest,
    reply: FastifyReply,
    my: MyRegistration,
    token: string,
    tables: MyTablesState,
    status: number,
  ): Promise<unknown>;
  backTo(token: string, targetId: number, ownId: number, ok: string): string;
}

function str(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v.slice(0, 20_000) : '';
}

export function registerMyTableRoutes(
  app: FastifyInstance,
  services: AppServices,
  helpers: MyPageHelpers,
  config: Record<string, unknown>,
) {
  const deps = { db: services.store.db, adapter: services.store.adapter };

  app.post('/m/:token/challenge', { preHandler: app.csrfProtection, config }, async (req, reply) => {
    const loaded = await helpers.loadMine(req, reply);
    if (!loaded) return;
    const { my, token } = loaded;
    const m = req.t.myTables;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = {
      challengeTitle: str(body, 'challengeTitle'),
      challengeDescription: str(body, 'challengeDescription'),
      challengeAffected: str(body, 'challengeAffected'),
    };
    const fields = [
      ['challengeTitle', CHALLENGE_LIMITS.title, true],
      ['challengeDescription', CHALLENGE_LIMITS.description, true],
      ['challengeAffected', CHALLENGE_LIMITS.affected, false],
    ] as const;
    const errors: FieldErrors = {};
    const clean: Record<string, string> = {};
    for (const [name, max, required] of fields) {
      const v = values[name].replace(/\r\n/g, '\n').trim();
      if (required && v === '') errors[name] = m.required;
      else if (v.length > max) errors[name] = m.tooLong(max);
      clean[name] = v;
    }
    if (Object.keys(errors).length > 0) return helpers.renderMine(req, reply, my, token, { values, errors }, 422);
    const result = await proposeChallenge(
      deps,
      {
        registrationId: my.target.id,
        title: clean.challengeTitle ?? '',
        description: clean.challengeDescription ?? '',
        affected: clean.challengeAffected ?? '',
        actor: `registrant:${my.own.id}`,
      },
      services.now(),
    );
    if (!result.ok) {
      const message = result.code === 'conflict' ? m.tooMany : m.closed;
      return helpers.renderMine(req, reply, my, token, { values, errors: { challengeTitle: message } }, 409);
    }
    return reply.redirect(helpers.backTo(token, my.target.id, my.own.id, 'proposed'), 303);
  });

  app.post('/m/:token/ranking', { preHandler: app.csrfProtection, config }, async (req, reply) => {
    const loaded = await helpers.loadMine(req, reply);
    if (!loaded) return;
    const { my, token } = loaded;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: Record<string, string> = {};
    const errors: FieldErrors = {};
    const ranks = [1, 2, 3].map((n) => {
      const v = str(body, `rank${n}`).trim();
      values[`rank${n}`] = v;
      if (v === '') return null;
      if (!/^\d{1,9}$/.test(v)) {
        errors[`rank${n}`] = req.t.fields.invalid_value;
        return null;
      }
      return Number(v);
    });
    if (Object.keys(errors).length > 0) return helpers.renderMine(req, reply, my, token, { values, errors }, 422);
    const result = await rankChallenges(
      deps,
      { registrationId: my.target.id, ranks, actor: `registrant:${my.own.id}` },
      services.now(),
    );
    if (!result.ok) {
      const fieldErrors: FieldErrors =
        result.code === 'invalid'
          ? Object.fromEntries(
              Object.entries(result.fields ?? {}).map(([path, key]) => [path, fieldMessage(req.t, key, path)]),
            )
          : { rank1: req.t.myTables.closed };
      return helpers.renderMine(
        req,
        reply,
        my,
        token,
        { values, errors: fieldErrors },
        result.code === 'invalid' ? 422 : 409,
      );
    }
    return reply.redirect(helpers.backTo(token, my.target.id, my.own.id, 'ranked'), 303);
  });
}
