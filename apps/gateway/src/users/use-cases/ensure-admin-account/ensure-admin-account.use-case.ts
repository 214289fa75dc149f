import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { hashPassword } from '../../../auth/password/password-hasher';
import { GATEWAY_CONFIG, GatewayConfig } from '../../../gateway.config';
import { UserRepository } from '../../persistence/user.repository';

/**
 * At start: create the admin account from ADMIN_EMAIL / ADMIN_PASSWORD unless an account
 * with that email exists. Never overwrites an existing account (its password may have
 * been changed since); two replicas starting together are safe (ON CONFLICT DO NOTHING).
 */
@Injectable()
export class EnsureAdminAccountUseCase implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminAccount');

  constructor(
    private readonly users: UserRepository,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.execute();
  }

  async execute(): Promise<'created' | 'exists'> {
    const { email, password } = this.config.admin;
    const existing = await this.users.findByEmail(email);
    if (existing) {
      if (existing.role !== 'admin') {
        this.logger.warn(`ADMIN_EMAIL ${email} belongs to an existing ${existing.role} account; no admin account was created.`);
      }
      return 'exists';
    }
    const created = await this.users.insertIfEmailFree({
      email,
      name: 'Administrator',
      role: 'admin',
      barberId: null,
      passwordHash: await hashPassword(password),
    });
    if (created) this.logger.log(`Created the admin account ${email}.`);
    return created ? 'created' : 'exists';
  }
}
