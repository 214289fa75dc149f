/** Whatever JSON.parse gives: tests read response bodies loosely. */
export type Json = ReturnType<typeof JSON.parse>;

/** Drives the gateway over real HTTP the way an app would (fetch, JSON). */
export interface JsonResponse {
  status: number;
  body: Json;
  headers: Headers;
}

export class JsonClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  as(token: string): JsonClient {
    return new JsonClient(this.baseUrl, token);
  }

  /** `body` as a string is sent as is (malformed JSON, other content types). */
  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: parseOrText(text), headers: response.headers };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, undefined, headers);
  }
  post(path: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.request('POST', path, body, headers);
  }
  put(path: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.request('PUT', path, body, headers);
  }
}

function parseOrText(text: string): Json {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
