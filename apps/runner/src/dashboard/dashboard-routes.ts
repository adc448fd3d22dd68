import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { createSessionValue, sameSecret, sessionCookieName, sessionLifetimeSeconds } from './admin-session.ts';

/**
 * The page's files, read from `src/dashboard/static` at start-up. The same relative URL reaches that folder from
 * `src/dashboard` (tests, `--conditions=@stockwire/source`) and from `dist/dashboard` (the built runner), and the
 * published package and the container image ship `src`.
 */
const staticFolder = new URL('../../src/dashboard/static/', import.meta.url);
const staticFiles = {
  'dashboard.js': 'text/javascript; charset=utf-8',
  'line-chart.js': 'text/javascript; charset=utf-8',
  'history-and-replenishment.js': 'text/javascript; charset=utf-8',
  'configuration-preview.js': 'text/javascript; charset=utf-8',
  'page-parts.js': 'text/javascript; charset=utf-8',
  'sku-page.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
} as const;

/** Only the runner's own files and its JSON; the charts are drawn in the page, so nothing comes from outside. */
const pagePolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * `GET /dashboard`: the operator's page (it reads `/admin/*` with a session cookie). `POST /dashboard/session`
 * checks the admin token and sets the cookie; `DELETE /dashboard/session` signs out. The page itself holds no data,
 * so it is served to anyone; everything it shows comes from the guarded admin API.
 */
export async function dashboardRoutes(
  app: FastifyInstance,
  options: { adminToken: string | undefined },
): Promise<void> {
  const { adminToken } = options;
  const page = await readFile(new URL('dashboard.html', staticFolder), 'utf8');
  const assets = new Map<string, { body: string; type: string }>();
  for (const [name, type] of Object.entries(staticFiles)) {
    assets.set(name, { body: await readFile(new URL(name, staticFolder), 'utf8'), type });
  }

  app.get('/dashboard', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', pagePolicy).send(page),
  );
  app.get<{ Params: { file: string } }>('/dashboard/static/:file', async (request, reply) => {
    const asset = assets.get(request.params.file);
    if (asset === undefined)
      return reply.code(404).send({ error: `there is no dashboard file ${request.params.file}` });
    return reply.type(asset.type).header('cache-control', 'no-cache').send(asset.body);
  });

  app.post<{ Body: { token?: unknown } | undefined }>('/dashboard/session', async (request, reply) => {
    if (adminToken === undefined || adminToken === '') {
      return reply.code(503).send({ error: 'the admin API is off; set STOCKWIRE_ADMIN_TOKEN to turn it on' });
    }
    const token = request.body?.token;
    if (typeof token !== 'string' || !sameSecret(token, adminToken)) {
      request.log.warn({ ip: request.ip }, 'dashboard sign-in with a wrong admin token');
      return reply.code(401).send({ error: 'that is not the admin token' });
    }
    return reply
      .header(
        'set-cookie',
        sessionCookie(createSessionValue(adminToken, Date.now()), sessionLifetimeSeconds, request.protocol),
      )
      .send({ signedIn: true, expiresInSeconds: sessionLifetimeSeconds });
  });

  app.delete('/dashboard/session', async (request, reply) =>
    reply.header('set-cookie', sessionCookie('', 0, request.protocol)).send({ signedIn: false }),
  );
}

/** HttpOnly (scripts never see it), SameSite=Strict (no other site can send it), Secure when served over HTTPS. */
function sessionCookie(value: string, maxAgeSeconds: number, protocol: string): string {
  const secure = protocol === 'https' ? '; Secure' : '';
  return `${sessionCookieName}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`;
}
