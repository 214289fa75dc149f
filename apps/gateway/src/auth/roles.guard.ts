import { DomainError, Role } from '@app/contracts';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest, OWN_BARBER_PARAM, ROLES } from './auth.decorators';

const ROLE_NAMES: Record<Role, string> = { customer: 'a customer', barber: 'a barber', admin: 'an admin' };

/**
 * Global, after the access-token guard: which roles may call a route (@Roles), and for
 * routes about one barber (@AdminOrOwnBarber) that a barber touches only their own.
 * The booking service enforces ownership again from the actor; this check is the cheap
 * first line (defense in depth).
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const user = request.user;
    if (!roles || !user) return true;
    if (!roles.includes(user.role)) {
      throw new DomainError('FORBIDDEN', `This is not available to ${ROLE_NAMES[user.role]}; it needs the role ${roles.join(' or ')}.`);
    }
    const barberParam = this.reflector.getAllAndOverride<string | undefined>(OWN_BARBER_PARAM, targets);
    if (barberParam && user.role === 'barber') {
      const params = request.params as Record<string, string | undefined>;
      const barberId = params[barberParam]?.toLowerCase();
      if (!user.barberId || barberId !== user.barberId.toLowerCase()) {
        throw new DomainError('FORBIDDEN', 'A barber can change only their own schedule.');
      }
    }
    return true;
  }
}
