import type { Actor, Role } from '@app/contracts';
import { ExecutionContext, SetMetadata, applyDecorators, createParamDecorator } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

export const IS_PUBLIC = 'gateway:isPublic';
export const ROLES = 'gateway:roles';
export const ACCEPTS_QUERY_TOKEN = 'gateway:acceptsQueryToken';
export const OWN_BARBER_PARAM = 'gateway:ownBarberParam';
export const READS_OPTIONAL_USER = 'gateway:readsOptionalUser';

export type AuthenticatedRequest = FastifyRequest & { user?: Actor };

/** Anyone may call it, signed in or not. Everything else needs a valid access token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Anyone may call it; a valid bearer token, when sent, tells who is asking (staff see more, e.g.
 * inactive barbers). A token that does not verify is ignored: a public page must not fail
 * because a stored token expired.
 */
export const PublicReadsOptionalUser = () => applyDecorators(SetMetadata(IS_PUBLIC, true), SetMetadata(READS_OPTIONAL_USER, true));

/** Only these roles may call it (403 FORBIDDEN for the others). Implies signed in. */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES, roles), ApiBearerAuth());

/** An admin, or the barber whose id is the path parameter `param`. */
export const AdminOrOwnBarber = (param = 'id') =>
  applyDecorators(SetMetadata(ROLES, ['admin', 'barber'] satisfies Role[]), SetMetadata(OWN_BARBER_PARAM, param), ApiBearerAuth());

/** Any signed-in user. */
export const SignedIn = () => ApiBearerAuth();

/**
 * Also accept `?access_token=` (EventSource cannot send headers). Opt-in per route, because
 * a token in a URL ends up in proxies' and browsers' history.
 */
export const AcceptsQueryToken = () => SetMetadata(ACCEPTS_QUERY_TOKEN, true);

/** The caller on a @PublicReadsOptionalUser() route: who they are, or null when anonymous. */
export const OptionalUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor | null => context.switchToHttp().getRequest<AuthenticatedRequest>().user ?? null,
);

/** The signed-in caller (set by the access-token guard). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('CurrentUser used on a route without authentication');
  return user;
});
