import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/** The resources as the gateway's OpenAPI document names them: a renamed field breaks the build. */
export type Schemas = components['schemas'];
export type Barber = Schemas['BarberResponse'];
export type Service = Schemas['ServiceResponse'];
export type Slot = Schemas['SlotResponse'];
export type Booking = Schemas['BookingResponse'];
export type User = Schemas['UserResponse'];
export type BookingStatus = Booking['status'];
export type PaymentStatus = Booking['paymentStatus'];

/** An answer that is not a success, or no answer at all (`status` 0), with the sentence to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const NETWORK_ERROR = 'NETWORK';

let accessToken: string | null = null;

/** The token every request carries from now on (null: signed out). */
export function useAccessToken(token: string | null): void {
  accessToken = token;
}

export function currentAccessToken(): string | null {
  return accessToken;
}

let unauthorized: () => void = () => undefined;

/** Called when the API refuses the token (expired, or signed by another secret): the session ends. */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

const bearer: Middleware = {
  onRequest({ request }) {
    if (accessToken) request.headers.set('Authorization', `Bearer ${accessToken}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && request.headers.has('Authorization')) unauthorized();
    return response;
  },
};

/** The gateway is this page's own origin: the app is served from it (no other origin, ever). */
export const api = createClient<paths>({ baseUrl: typeof window === 'undefined' ? '' : window.location.origin });
api.use(bearer);

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

function isErrorBody(value: unknown): value is { code: string; message: string } {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/** The data of a success; an ApiError carrying the API's own sentence otherwise. */
export async function call<T>(request: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, NETWORK_ERROR, 'We could not reach the shop. Check your connection; we keep trying.');
  }
  if (answer.response.ok && answer.error === undefined) return answer.data as T;
  const body = answer.error;
  if (isErrorBody(body)) throw new ApiError(answer.response.status, body.code, body.message);
  throw new ApiError(answer.response.status, 'UNEXPECTED', 'Something went wrong on our side. Please try again in a moment.');
}
