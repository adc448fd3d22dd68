import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieValue, isValidSession, sameSecret, sessionCookieName } from '../dashboard/admin-session.ts';

/**
 * The admin API's gate: `Authorization: Bearer <token>` (scripts) or the dashboard's session cookie (a browser).
 * A browser navigating to an admin page without a session is sent to the dashboard's sign-in instead of a JSON 401.
 */
export function adminAuthHook(adminToken: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (adminToken === undefined || adminToken === '') {
      return reply.code(503).send({ error: 'the admin API is off; set STOCKWIRE_ADMIN_TOKEN to turn it on' });
    }
    const header = request.headers.authorization ?? '';
    if (header.startsWith('Bearer ') && sameSecret(header.slice('Bearer '.length), adminToken)) return;
    const session = cookieValue(request.headers.cookie, sessionCookieName);
    if (header === '' && session !== undefined && isValidSession(session, adminToken, Date.now())) {
      // The cookie is SameSite=Strict already; refusing a foreign Origin as well costs nothing.
      if (request.method === 'GET' || sameOrigin(request)) return;
      return reply.code(403).send({ error: 'a request with a session cookie must come from this server’s own pages' });
    }
    if (request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')) {
      return reply.redirect('/dashboard', 303);
    }
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer')
      .send({ error: 'a valid admin bearer token is required' });
  };
}

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
