import { Actor, DomainError, Role } from '@app/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';

const ROLES: readonly Role[] = ['customer', 'barber', 'admin'];

interface AccessTokenClaims {
  sub: string;
  role: Role;
  barberId: string | null;
  name: string;
  email: string;
}

/** HS256 access tokens carrying who the caller is, so the gateway can build the RPC `actor` without a lookup. */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  get expiresInSeconds(): number {
    return this.config.jwt.expiresInSeconds;
  }

  sign(actor: Actor): Promise<string> {
    const claims: AccessTokenClaims = {
      sub: actor.userId,
      role: actor.role,
      barberId: actor.barberId,
      name: actor.name,
      email: actor.email,
    };
    return this.jwt.signAsync(claims, { algorithm: 'HS256', expiresIn: this.config.jwt.expiresInSeconds });
  }

  /** The actor a valid token names; 401 UNAUTHORIZED for a forged, expired or malformed one. */
  async verify(token: string): Promise<Actor> {
    let claims: Partial<AccessTokenClaims> & { exp?: unknown };
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp?: unknown }>(token, { algorithms: ['HS256'] });
    } catch {
      throw new DomainError('UNAUTHORIZED', 'The access token is invalid or has expired. Sign in again.');
    }
    const wellFormed =
      typeof claims.sub === 'string' &&
      typeof claims.role === 'string' &&
      ROLES.includes(claims.role) &&
      (claims.barberId === null || typeof claims.barberId === 'string') &&
      (claims.role !== 'barber' || typeof claims.barberId === 'string') &&
      typeof claims.name === 'string' &&
      typeof claims.email === 'string' &&
      typeof claims.exp === 'number';
    if (!wellFormed) throw new DomainError('UNAUTHORIZED', 'The access token is invalid or has expired. Sign in again.');
    return {
      userId: claims.sub as string,
      role: claims.role as Role,
      barberId: claims.barberId ?? null,
      name: claims.name as string,
      email: claims.email as string,
    };
  }
}
