// The back office under /admin. Everything except login, password reset and invitations needs
// a logged-in user; every route that touches an event checks access with loadEventForAdmin.
import type { FastifyInstance } from 'fastify';
import type { AccountNotifier } from '../../core/accounts/notifications.ts';
import type { MessageMailer } from '../../core/messages/types.ts';
import type { AppServices } from '../app.ts';
import { installAdminSession, requireUser } from './auth.ts';
import { registerAuthRoutes } from './auth-routes.tsx';
import { registerCheckinRoutes } from './checkin-routes.tsx';
import { registerDashboardRoutes } from './dashboard-routes.tsx';
import { registerEditorRoutes } from './editor-routes.tsx';
import { registerMailIntakeRoutes } from './mail-intake-routes.tsx';
import { registerMemberRoutes } from './member-routes.tsx';
import { registerMessageRoutes } from './message-routes.tsx';
import { registerNumbersRoutes } from './numbers-routes.tsx';
import { registerPitchRoutes } from './pitch-routes.tsx';
import { registerPrintRoutes } from './print-routes.tsx';
import { registerPrivacyAdminRoutes } from './privacy-routes.tsx';
import { registerQuestionAdminRoutes } from './question-routes.tsx';
import { registerRegistrationRoutes } from './registration-routes.tsx';
import { registerTableRoutes } from './table-routes.tsx';
import { registerTranslationRoutes } from './translation-routes.tsx';

export interface AdminServices extends AppServices {
  accountNotifier: AccountNotifier;
  /** Renders messages to participants into the outbox. */
  messageMailer: MessageMailer;
}

export async function registerAdminRoutes(app: FastifyInstance, services: AdminServices) {
  installAdminSession(app, services);
  registerAuthRoutes(app, services, services.accountNotifier);
  // One encapsulated scope whose every route requires a login.
  await app.register(async (scope) => {
    scope.addHook('preHandler', requireUser);
    registerDashboardRoutes(scope, services);
    registerEditorRoutes(scope, services);
    registerTranslationRoutes(scope, services);
    registerRegistrationRoutes(scope, services);
    registerNumbersRoutes(scope, services);
    registerMemberRoutes(scope, services);
    registerCheckinRoutes(scope, services);
    registerPrintRoutes(scope, services);
    registerMessageRoutes(scope, services);
    registerPrivacyAdminRoutes(scope, services);
    registerTableRoutes(scope, services);
    // Its own scope: the only routes that take multipart uploads.
    await scope.register(async (mail) => registerMailIntakeRoutes(mail, services));
    registerPitchRoutes(scope, services);
    registerQuestionAdminRoutes(scope, services);
  });
}
