import { BadRequestException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

/**
 * The deepest JSON body any service accepts (DESIGN §9). No request schema comes near it (the
 * deepest, a Stripe event, is under ten levels); a body nested thousands of levels deep made
 * the recursive code after the parser (class-transformer, validation, logging) overflow the
 * stack and answer 500.
 */
export const MAX_JSON_NESTING_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Whether the JSON text in `bytes` opens more than `maxDepth` arrays or objects inside each
 * other, counted in one pass without recursion (so no body can overflow the check itself).
 * Brackets inside strings do not count. UTF-8 continuation bytes are all >= 0x80, so they never
 * look like the ASCII characters counted here. Malformed JSON is left to the parser to refuse.
 */
export function jsonNestingExceeds(bytes: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      depth++;
      if (depth > maxDepth) return true;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

export function bodyTooDeepError(maxDepth: number): BadRequestException {
  // An HttpException whose body is already the API's error shape: the gateway's filter and the
  // services' RpcErrorsFilter both answer it as this 400.
  return new BadRequestException({
    statusCode: 400,
    code: 'VALIDATION_FAILED',
    message: `The request body is nested deeper than ${maxDepth} levels.`,
  });
}

/**
 * Replaces the app's `application/json` parser with one that refuses a body nested deeper than
 * `maxDepth` before parsing it, then parses with Fastify's own parser (which keeps its
 * `__proto__` / `constructor` poisoning checks). Nest still stores `rawBody` when the app was
 * created with `rawBody: true` (payments' webhook signature covers those exact bytes).
 */
export function limitJsonNesting(
  app: NestFastifyApplication,
  bodyLimitBytes: number,
  maxDepth = MAX_JSON_NESTING_DEPTH,
): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser(
    'application/json',
    { bodyLimit: bodyLimitBytes },
    (request: FastifyRequest, body: Buffer, done) => {
      if (jsonNestingExceeds(body, maxDepth)) {
        done(bodyTooDeepError(maxDepth), undefined);
        return;
      }
      // Fastify's own parser answers through `done`; it returns nothing to wait for.
      void parseJson(request, body.toString('utf8'), done);
    },
  );
}
