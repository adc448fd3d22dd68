import type { SandboxHandler, SandboxRequest, SandboxResponse } from './sandbox-types.ts';

export type RouteParameters = Readonly<Record<string, string>>;

export type RouteHandler = (
  request: SandboxRequest,
  parameters: RouteParameters,
) => SandboxResponse | Promise<SandboxResponse>;

export interface SandboxRouter {
  /**
   * Adds a route. `:name` in the pattern matches one path segment or part of one, so vendor paths read as in
   * their docs: `/admin/api/:version/inventory_levels/:id.json`.
   */
  on(method: string, pattern: string, handler: RouteHandler): SandboxRouter;
  /** Dispatches a request: 404 when no pattern matches, 405 when the path matches but not the method. */
  readonly handle: SandboxHandler;
}

interface Route {
  method: string;
  expression: RegExp;
  parameterNames: string[];
  handler: RouteHandler;
}

const parameterPattern = /:([A-Za-z_][A-Za-z0-9_]*)/g;

export function createRouter(): SandboxRouter {
  const routes: Route[] = [];
  const router: SandboxRouter = {
    on(method, pattern, handler) {
      const parameterNames: string[] = [];
      const source = pattern
        .split(parameterPattern)
        .map((part, index) => {
          // split() with a capture group alternates literal text and parameter names.
          if (index % 2 === 1) {
            parameterNames.push(part);
            return '([^/]+?)';
          }
          return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('');
      routes.push({ method: method.toUpperCase(), expression: new RegExp(`^${source}$`), parameterNames, handler });
      return router;
    },
    handle(request) {
      const allowed: string[] = [];
      for (const route of routes) {
        const match = route.expression.exec(request.path);
        if (match === null) continue;
        if (route.method !== request.method) {
          allowed.push(route.method);
          continue;
        }
        const parameters: Record<string, string> = {};
        route.parameterNames.forEach((name, index) => {
          parameters[name] = decodeURIComponent(match[index + 1] ?? '');
        });
        return route.handler(request, parameters);
      }
      if (allowed.length > 0) {
        return {
          status: 405,
          headers: { allow: allowed.join(', ') },
          body: { error: `the sandbox has no ${request.method} route for ${request.path}` },
        };
      }
      return { status: 404, body: { error: `the sandbox has no route for ${request.method} ${request.path}` } };
    },
  };
  return router;
}
