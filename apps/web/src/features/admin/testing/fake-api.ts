import type { Middleware } from 'openapi-fetch';
import { afterEach } from 'vitest';
import { api, type User } from '../../../api/client';
import type { Session } from '../../../auth/session';

export const admin: User = { id: crypto.randomUUID(), email: 'admin@example.com', name: 'Alex', role: 'admin', barberId: null, active: true };

export function anAdminSession(): Session {
  return { accessToken: 'admin-token-for-tests', user: admin, expiresAt: Date.now() + 3600_000 };
}

/** A Response as it is, or any other value as a 200 JSON body. */
type Handler = (request: Request, body: unknown) => unknown;

export interface FakeApi {
  /** Every request answered, in order: "PATCH /services/123" and its JSON body. */
  requests: Array<{ route: string; url: URL; body: unknown }>;
}

/** A JSON answer with a status (a bare value from a handler is a 200 with it). */
export function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const installed: Middleware[] = [];
afterEach(() => {
  for (const middleware of installed.splice(0)) api.eject(middleware);
});

/**
 * The gateway as a component test drives it: handlers by "METHOD /path" (path without the query),
 * answering through the real API client (its middleware), so pages run their real calls.
 */
export function fakeApi(routes: Record<string, Handler>): FakeApi {
  const fake: FakeApi = { requests: [] };
  const middleware: Middleware = {
    async onRequest({ request }) {
      const url = new URL(request.url);
      const route = `${request.method} ${url.pathname}`;
      const text = request.method === 'GET' ? '' : await request.clone().text();
      const body: unknown = text ? JSON.parse(text) : undefined;
      fake.requests.push({ route, url, body });
      const handler = routes[route];
      if (!handler) return answer(404, { statusCode: 404, code: 'NOT_FOUND', message: `No fake for ${route}.` });
      const result = handler(request, body);
      return result instanceof Response ? result : answer(200, result);
    },
  };
  api.use(middleware);
  installed.push(middleware);
  return fake;
}
