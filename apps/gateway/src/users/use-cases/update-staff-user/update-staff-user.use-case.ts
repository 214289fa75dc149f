import type { Actor } from '@app/contracts';
import { DomainError } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { UserEntity } from '../../persistence/user.entity';
import { UserRepository } from '../../persistence/user.repository';

/**
 * An admin renames or (de)activates a barber or admin account. Customer accounts are not staff
 * and are not managed here. An admin cannot deactivate themselves: the shop must never be left
 * with nobody able to sign in to the console.
 */
@Injectable()
export class UpdateStaffUserUseCase {
  constructor(private readonly users: UserRepository) {}

  async execute(actor: Actor, userId: string, changes: { name?: string; active?: boolean }): Promise<UserEntity> {
    if (changes.name === undefined && changes.active === undefined) {
      throw new DomainError('VALIDATION_FAILED', 'Send name or active to change.', [{ field: '(request)', message: 'must change name or active' }]);
    }
    const user = await this.users.findById(userId);
    if (!user || user.role === 'customer') throw new DomainError('USER_NOT_FOUND', 'There is no staff account with that id.');
    if (changes.active === false && user.id === actor.userId) {
      throw new DomainError('CANNOT_DEACTIVATE_SELF', 'You cannot deactivate your own account; ask another admin.');
    }
    const updated = await this.users.update(user.id, { name: changes.name, active: changes.active });
    if (!updated) throw new DomainError('USER_NOT_FOUND', 'There is no staff account with that id.');
    return updated;
  }
}
