import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { validationFailed } from '../http/validation';

/** 1..200 printable ASCII characters (space to tilde). */
const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,200}$/;

/** The optional `Idempotency-Key` header, validated; null when absent. */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string | null => {
  const value = context.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
  if (value === undefined) return null;
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value)) {
    throw validationFailed([
      { field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 200 printable ASCII characters, sent once' },
    ]);
  }
  return value;
});
