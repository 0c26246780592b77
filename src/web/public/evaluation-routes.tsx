// The evaluation after an event, by personal link: /m/:token/evaluation shows the form (filled
// with an earlier answer) and saves it; saving again replaces the answer.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type EvaluationForm, getEvaluationForm } from '../../core/evaluations/get-evaluation-form.ts';
import { EVALUATION_COMMENT_MAX, saveEvaluation } from '../../core/evaluations/save-evaluation.ts';
import { type AppServices, sendHtml, viewContext } from '../app.ts';
import { PERSONAL_PAGE_LIMIT } from '../rate-limits.ts';
import { EvaluationPage } from '../views/evaluation.tsx';
import type { FieldErrors } from '../views/forms.tsx';
import { MessagePage } from '../views/pages.tsx';

const tokenParams = z.object({ token: z.string().max(200) });
const personal = PERSONAL_PAGE_LIMIT;

export function registerEvaluationRoutes(app: FastifyInstance, services: AppServices) {
  const deps = { db: services.store.db, adapter: services.store.adapter };

  async function load(
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ form: EvaluationForm; token: string } | null> {
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
    const params = tokenParams.safeParse(req.params);
    const form = params.success ? await getEvaluationForm(deps.db, params.data.token) : undefined;
    const t = req.t;
    if (!form || !params.success) {
      await sendHtml(
        reply,
        MessagePage({
          ctx: viewContext(req),
          title: t.my.invalidLink,
          paragraphs: [t.my.invalidLinkText],
          links: [{ href: '/', label: t.errors.toFrontPage }],
        }),
        404,
      );
      return null;
    }
    const e = t.messaging.evaluation;
    const closed =
      form.registration.status === 'cancelled'
        ? { title: e.cancelledTitle, text: e.cancelled }
        : services.now() < form.event.startsAt
          ? { title: e.notYetTitle, text: e.notYet }
          : null;
    if (closed) {
      await sendHtml(
        reply,
        MessagePage({
          ctx: viewContext(req),
          title: closed.title,
          paragraphs: [closed.text],
          links: [{ href: `/e/${form.event.slug}`, label: t.closed.back }],
        }),
        409,
      );
      return null;
    }
    return { form, token: params.data.token };
  }

  app.get('/m/:token/evaluation', { config: personal }, async (req, reply) => {
    const loaded = await load(req, reply);
    if (!loaded) return;
    const { form, token } = loaded;
    const ok = (req.query as Record<string, unknown> | undefined)?.ok === 'saved';
    return sendHtml(
      reply,
      EvaluationPage({
        ctx: viewContext(req),
        form,
        token,
        csrfToken: reply.generateCsrf(),
        values: {
          ratings: Object.fromEntries(Object.entries(form.saved?.ratings ?? {}).map(([k, v]) => [k, String(v)])),
          comment: form.saved?.comment ?? '',
        },
        errors: {},
        flash: ok ? req.t.messaging.evaluation.saved : undefined,
      }),
    );
  });

  app.post('/m/:token/evaluation', { preHandler: app.csrfProtection, config: personal }, async (req, reply) => {
    const loaded = await load(req, reply);
    if (!loaded) return;
    const { form, token } = loaded;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const e = req.t.messaging.evaluation;
    const errors: FieldErrors = {};
    const typed: Record<string, string> = {};
    const ratings: Record<string, number> = {};
    for (const part of form.event.parts) {
      const name = `rating.${part.id}`;
      const raw = body[name];
      if (raw === undefined || raw === '') continue;
      const value = typeof raw === 'string' ? raw : '';
      typed[String(part.id)] = value.slice(0, 5);
      if (/^[1-5]$/.test(value)) ratings[String(part.id)] = Number(value);
      else errors[name] = req.t.fields.rating_invalid;
    }
    const rawComment = typeof body.comment === 'string' ? body.comment : '';
    const comment = rawComment.replace(/\r\n?/g, '\n').trim();
    if (comment.length > EVALUATION_COMMENT_MAX) errors.comment = e.commentTooLong(EVALUATION_COMMENT_MAX);
    const rerender = (status: number) =>
      sendHtml(
        reply,
        EvaluationPage({
          ctx: viewContext(req),
          form,
          token,
          csrfToken: reply.generateCsrf(),
          values: { ratings: typed, comment: rawComment.slice(0, EVALUATION_COMMENT_MAX * 2) },
          errors,
        }),
        status,
      );
    if (Object.keys(errors).length > 0) return rerender(422);
    const result = await saveEvaluation(
      deps,
      { registrationId: form.registration.id, ratings, comment },
      services.now(),
    );
    if (!result.ok) {
      for (const key of Object.keys(result.fields ?? {})) errors[key] = req.t.fields.rating_invalid;
      if (Object.keys(errors).length === 0) errors.comment = req.t.api[result.code];
      return rerender(result.code === 'invalid' ? 422 : 409);
    }
    return reply.redirect(`/m/${token}/evaluation?ok=saved`, 303);
  });
}
