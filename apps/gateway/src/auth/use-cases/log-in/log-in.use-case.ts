import { DomainError } from '@app/contracts';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { UserEntity } from '../../../users/persistence/user.entity';
import { toActor } from '../../../users/persistence/user.mapper';
import { UserRepository } from '../../../users/persistence/user.repository';
import { AccessTokenService } from '../../access-token.service';
import { hashPassword, needsRehash, verifyPassword } from '../../password/password-hasher';

export interface LogInResult {
  accessToken: string;
  expiresIn: number;
  user: UserEntity;
}

const INVALID_CREDENTIALS = 'The email or password is wrong.';

/**
 * Unknown email and wrong password give the same answer after the same work: an unknown
 * email is checked against a dummy hash, so timing does not tell which accounts exist.
 */
@Injectable()
export class LogInUseCase implements OnModuleInit {
  private readonly logger = new Logger(LogInUseCase.name);
  private dummyHash = '';

  constructor(
    private readonly users: UserRepository,
    private readonly tokens: AccessTokenService,
  ) {}

  /** Made at start, so even the first unknown-email login costs exactly one hash. */
  async onModuleInit(): Promise<void> {
    this.dummyHash = await hashPassword('not-a-real-password-only-for-equal-timing');
  }

  async execute(email: string, password: string): Promise<LogInResult> {
    const user = await this.users.findByEmail(email);
    if (!user) {
      await verifyPassword(password, this.dummyHash);
      throw new DomainError('INVALID_CREDENTIALS', INVALID_CREDENTIALS);
    }
    if (!(await verifyPassword(password, user.passwordHash))) {
      throw new DomainError('INVALID_CREDENTIALS', INVALID_CREDENTIALS);
    }
    // Said only to whoever knows the password: it tells nothing to someone guessing.
    if (!user.active) throw new DomainError('UNAUTHORIZED', "This account has been deactivated. Ask the shop's admin to restore it.");
    if (needsRehash(user.passwordHash)) {
      // Parameters were raised since this hash was made: upgrade it while we know the password.
      await this.users.updatePasswordHash(user.id, await hashPassword(password)).catch((error: unknown) => {
        this.logger.warn(`Could not upgrade the password hash of user ${user.id}: ${(error as Error).message}`);
      });
    }
    const accessToken = await this.tokens.sign(toActor(user));
    return { accessToken, expiresIn: this.tokens.expiresInSeconds, user };
  }
}
