import { BOOKING_RPC, DomainError } from '@app/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { hashPassword } from '../../../auth/password/password-hasher';
import { BOOKING_CLIENT, BookingClient } from '../../../rpc-clients/booking.client';
import { StaffRole } from '../../dto/create-staff-user.dto';
import { UserEntity } from '../../persistence/user.entity';
import { UserRepository } from '../../persistence/user.repository';

export interface CreateStaffUserInput {
  email: string;
  password: string;
  name: string;
  role: StaffRole;
  barberId?: string;
}

/** An admin creates barber and admin accounts; a barber account must belong to a barber the booking service knows. */
@Injectable()
export class CreateStaffUserUseCase {
  constructor(
    private readonly users: UserRepository,
    @Inject(BOOKING_CLIENT) private readonly booking: BookingClient,
  ) {}

  async execute(input: CreateStaffUserInput): Promise<UserEntity> {
    let barberId: string | null = null;
    if (input.role === 'barber') {
      if (!input.barberId) throw new DomainError('VALIDATION_FAILED', 'barberId is required for a barber account.', [{ field: 'barberId', message: 'barberId is required for a barber account' }]);
      // 404 BARBER_NOT_FOUND (unknown or inactive) comes back from the booking service as is.
      const barber = await this.booking.send(BOOKING_RPC.getBarber, { barberId: input.barberId });
      barberId = barber.id;
    } else if (input.barberId !== undefined) {
      throw new DomainError('VALIDATION_FAILED', 'Only barber accounts belong to a barber.', [{ field: 'barberId', message: 'barberId is only for role barber' }]);
    }
    const user = await this.users.insertIfEmailFree({
      email: input.email,
      name: input.name,
      role: input.role,
      barberId,
      passwordHash: await hashPassword(input.password),
    });
    if (!user) throw new DomainError('EMAIL_TAKEN', 'An account with this email already exists.');
    return user;
  }
}
