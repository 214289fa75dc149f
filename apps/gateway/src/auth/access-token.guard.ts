import { DomainError } from '@app/contracts';
import { ObservabilityController } from '@app/platform/observability/observability.controller';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UserRepository } from '../users/persistence/user.repository';
import { AccessTokenService } from './access-token.service';
import { ACCEPTS_QUERY_TOKEN, AuthenticatedRequest, IS_PUBLIC, READS_OPTIONAL_USER } from './auth.decorators';

/** Controllers from libs that cannot carry our @Public(): /health and /metrics answer probes and scrapers. */
const PUBLIC_CONTROLLERS: ReadonlySet<Function> = new Set([ObservabilityController]);

/** Global: every route needs a valid access token unless it is marked @Public(). */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
    private readonly users: UserRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (this.reflector.getAllAndOverride<boolean>(READS_OPTIONAL_USER, targets)) {
      const token = bearerToken(request);
      if (token) request.user = await this.tokens.verify(token).catch(() => undefined);
      return true;
    }
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) || PUBLIC_CONTROLLERS.has(context.getClass())) return true;
    const token = bearerToken(request) ?? (this.reflector.getAllAndOverride<boolean>(ACCEPTS_QUERY_TOKEN, targets) ? queryToken(request) : undefined);
    if (!token) throw new DomainError('UNAUTHORIZED', 'Sign in first: send Authorization: Bearer <access token>.');
    const user = await this.tokens.verify(token);
    // Staff accounts can be deactivated: their tokens stop working at once, not when they expire.
    // One primary-key read per staff request; customers (the booking traffic) are not staff.
    if (user.role !== 'customer' && !(await this.users.isActive(user.userId))) {
      throw new DomainError('UNAUTHORIZED', "This account has been deactivated. Ask the shop's admin to restore it.");
    }
    request.user = user;
    return true;
  }
}

function bearerToken(request: AuthenticatedRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match ? match[1] : undefined;
}

function queryToken(request: AuthenticatedRequest): string | undefined {
  const query = request.query as Record<string, unknown> | undefined;
  const token = query?.access_token;
  return typeof token === 'string' && token.length > 0 ? token : undefined;
}
