import { Module } from '@nestjs/common';
import { AdminUsersController } from './admin-users.controller';
import { UserRepository } from './persistence/user.repository';
import { CreateStaffUserUseCase } from './use-cases/create-staff-user/create-staff-user.use-case';
import { UpdateStaffUserUseCase } from './use-cases/update-staff-user/update-staff-user.use-case';
import { EnsureAdminAccountUseCase } from './use-cases/ensure-admin-account/ensure-admin-account.use-case';

@Module({
  controllers: [AdminUsersController],
  providers: [UserRepository, CreateStaffUserUseCase, UpdateStaffUserUseCase, EnsureAdminAccountUseCase],
  exports: [UserRepository],
})
export class UsersModule {}
