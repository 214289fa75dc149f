import { DomainError } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { UserEntity } from '../../../users/persistence/user.entity';
import { UserRepository } from '../../../users/persistence/user.repository';
import { hashPassword } from '../../password/password-hasher';

export interface RegisterCustomerInput {
  email: string;
  password: string;
  name: string;
}

/** Self-registration always makes a customer; staff accounts come from POST /admin/users. */
@Injectable()
export class RegisterCustomerUseCase {
  constructor(private readonly users: UserRepository) {}

  async execute(input: RegisterCustomerInput): Promise<UserEntity> {
    const passwordHash = await hashPassword(input.password);
    const user = await this.users.insertIfEmailFree({
      email: input.email,
      name: input.name,
      role: 'customer',
      barberId: null,
      passwordHash,
    });
    if (!user) throw new DomainError('EMAIL_TAKEN', 'An account with this email already exists.');
    return user;
  }
}
