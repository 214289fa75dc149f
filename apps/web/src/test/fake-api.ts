/**
 * The gateway as a component test answers it: `fetch` replaced by a table of answers by method and
 * path. Import this module before anything that imports api/client (openapi-fetch keeps the
 * `fetch` it finds when the client is made).
 */
export interface FakeAnswer {
  status: number;
  body?: unknown;
}

export interface FakeCall {
  method: string;
  path: string;
  body: unknown;
  headers: Headers;
}

type Handler = (call: FakeCall) => FakeAnswer;

const handlers = new Map<string, Handler>();
const calls: FakeCall[] = [];

globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const request = input instanceof Request ? input : new Request(input, init);
  const url = new URL(request.url);
  const text = await request.text();
  const call: FakeCall = { method: request.method, path: url.pathname + url.search, body: text ? (JSON.parse(text) as unknown) : undefined, headers: request.headers };
  calls.push(call);
  const handler = handlers.get(`${request.method} ${url.pathname}`);
  const answer = handler ? handler(call) : { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: `No fake answer for ${request.method} ${url.pathname}.` } };
  return answer.body === undefined
    ? new Response(null, { status: answer.status })
    : new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
};

export const fakeApi = {
  /** Answer `METHOD /path` (no query) with this, from now on. */
  on(method: string, path: string, answer: FakeAnswer | Handler): void {
    handlers.set(`${method} ${path}`, typeof answer === 'function' ? answer : () => answer);
  },
  calls(method?: string, path?: string): FakeCall[] {
    return calls.filter((call) => (!method || call.method === method) && (!path || call.path.split('?')[0] === path));
  },
  reset(): void {
    handlers.clear();
    calls.length = 0;
  },
};
