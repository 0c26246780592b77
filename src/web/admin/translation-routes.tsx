// The editor's translations page: an event's title, summary, description and programme titles
// in another language than its main one (?translate=nn|en; not ?lang=, which sets the language
// of the back office itself).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AdminUser, actorOf, type EventPermission } from '../../core/accounts/types.ts';
import { getEventForEditing } from '../../core/events/get-event-for-editing.ts';
import { saveTranslations, type TranslationText } from '../../core/events/save-translations.ts';
import { loadEventTranslations, TRANSLATION_LIMITS } from '../../core/events/translations.ts';
import type { Deps } from '../../core/shared/deps.ts';
import type { TranslatedEntity } from '../../db/schema.ts';
import { sendHtml } from '../app.ts';
import { editorErrors } from '../forms/event-editor.ts';
import { isLang, LANGS } from '../i18n/index.ts';
import type { OpenForm } from '../views/admin/editor.tsx';
import { EditTranslationsPage, type TranslatableText } from '../views/admin/editor-translations.tsx';
import { adminContext, loadEventForAdmin, sendAdminNotFound } from './auth.ts';
import type { AdminServices } from './routes.ts';

type Body = Record<string, unknown>;
type Loaded = { event: { id: number; slug: string }; permission: EventPermission };

export function registerTranslationRoutes(app: FastifyInstance, services: AdminServices) {
  const deps: Pick<Deps, 'db' | 'adapter'> = { db: services.store.db, adapter: services.store.adapter };
  const path = '/admin/events/:slug/edit/translations';

  /** The language asked for, if it is one that can be translated into; else the first such. */
  function targetLang(asked: unknown, mainLang: string, uiLang: string): string {
    const choices = LANGS.filter((l) => l !== mainLang);
    if (isLang(asked) && asked !== mainLang) return asked;
    return (choices as string[]).includes(uiLang) ? uiLang : (choices[0] ?? 'nn');
  }

  async function render(
    req: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    asked: unknown,
    extra: { notice?: string | undefined; problem?: string | undefined; form?: OpenForm | undefined } = {},
    status = 200,
  ) {
    const data = await getEventForEditing(deps.db, loaded.event.id);
    if (!data) return sendAdminNotFound(req, reply);
    const lang = targetLang(asked, data.event.main_lang, req.lang);
    const stored = (await loadEventTranslations(deps.db, data.event.id))[lang];
    const texts: TranslatableText[] = [];
    const add = (entity: TranslatedEntity, id: number, field: string, original: string) => {
      const byId =
        entity === 'event'
          ? (stored?.event as Record<string, string> | undefined)
          : (stored?.[entity] as Record<number, Record<string, string>> | undefined)?.[id];
      texts.push({ entity, id, field, original, translation: byId?.[field] ?? '' });
    };
    const ev = data.event;
    add('event', ev.id, 'title', ev.title);
    add('event', ev.id, 'summary', ev.summary);
    add('event', ev.id, 'description_md', ev.description_md);
    for (const p of data.parts) if (p.title) add('part', p.id, 'title', p.title);
    for (const i of data.items) add('item', i.id, 'title', i.title);
    for (const s of data.sessions) {
      add('session', s.id, 'title', s.title);
      add('session', s.id, 'description', s.description);
    }
    reply.header('cache-control', 'no-store');
    return sendHtml(
      reply,
      EditTranslationsPage({
        ctx: adminContext(req, reply),
        data,
        permission: loaded.permission,
        lang,
        langs: LANGS.filter((l) => l !== ev.main_lang),
        texts,
        ...extra,
      }),
      status,
    );
  }

  function query(req: FastifyRequest): Body {
    return (req.query ?? {}) as Body;
  }

  app.get(path, async (req, reply) => {
    const loaded = await loadEventForAdmin(services, req, reply, 'organiser');
    if (!loaded) return;
    const q = query(req);
    const notice = q.ok === 'saved' ? req.t.admin.editor.saved : undefined;
    return render(req, reply, loaded, q.translate, { notice });
  });

  app.post(path, { preHandler: app.csrfProtection }, async (req, reply) => {
    const loaded = await loadEventForAdmin(services, req, reply, 'organiser');
    if (!loaded) return;
    const body = (req.body ?? {}) as Body;
    const values: Body = Object.fromEntries(
      Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v[v.length - 1] : v]),
    );
    const asked = values.translate ?? query(req).translate;
    const versionText = typeof values.version === 'string' ? values.version : '';
    const version = /^\d{1,9}$/.test(versionText) ? Number(versionText) : null;
    if (version === null) return render(req, reply, loaded, asked, { problem: req.t.admin.common.stale }, 409);
    const main = await deps.db
      .selectFrom('events')
      .select('main_lang')
      .where('id', '=', loaded.event.id)
      .executeTakeFirst();
    if (!main || !isLang(asked) || asked === main.main_lang) return sendAdminNotFound(req, reply);

    // Every field of the form: "event.12.title", "session.3.description", …
    const texts: TranslationText[] = [];
    const problems: Record<string, string> = {};
    for (const [name, raw] of Object.entries(values)) {
      const m = /^(event|session|part|item)\.(\d{1,9})\.([a-z_]{1,20})$/.exec(name);
      if (!m) continue;
      const entity = m[1] as TranslatedEntity;
      const field = m[3] as string;
      const limit = (TRANSLATION_LIMITS[entity] as Record<string, number>)[field];
      if (limit === undefined) continue;
      const value = typeof raw === 'string' ? raw.trim() : '';
      if (value.length > limit) problems[name] = `too_long:${limit}`;
      texts.push({ entity, id: Number(m[2]), field, value });
    }
    if (Object.keys(problems).length > 0) {
      return render(
        req,
        reply,
        loaded,
        asked,
        { form: { key: 'translations', values, errors: editorErrors(req.t, problems) } },
        422,
      );
    }
    const result = await saveTranslations(
      deps,
      {
        eventId: loaded.event.id,
        version,
        actor: actorOf(req.user as AdminUser),
        lang: asked,
        texts,
      },
      services.now(),
    );
    if (result.ok) {
      return reply.redirect(
        `/admin/events/${encodeURIComponent(loaded.event.slug)}/edit/translations?translate=${asked}&ok=saved`,
        303,
      );
    }
    if (result.code === 'not_found') return sendAdminNotFound(req, reply);
    if (result.code === 'stale_version') {
      // The saved texts, not what was typed: a colleague's newer change is not overwritten.
      return render(req, reply, loaded, asked, { problem: req.t.admin.common.stale }, 409);
    }
    // A text of a row that is no longer the event's (removed meanwhile): shown as a problem.
    const errors = editorErrors(
      req.t,
      Object.fromEntries(Object.entries(result.fields ?? {}).map(([k, v]) => [k, v as string])),
    );
    return render(req, reply, loaded, asked, { form: { key: 'translations', values, errors } }, 422);
  });
}
