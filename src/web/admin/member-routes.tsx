// Placeholder until this area is built: registers no routes yet.
import type { FastifyInstance } from 'fastify';
import type { AdminServices } from './routes.ts';

export function registerMemberRoutes(_app: FastifyInstance, _services: AdminServices) {}
