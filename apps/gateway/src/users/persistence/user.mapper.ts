import type { Actor, Role } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { UserEntity } from './user.entity';

/** A user as the API shows it: never the password hash. */
export class UserResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'sam@example.com' })
  email!: string;

  @ApiProperty({ example: 'Sam' })
  name!: string;

  @ApiProperty({ enum: ['customer', 'barber', 'admin'] })
  role!: Role;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Set for barber accounts: the barber this account belongs to.' })
  barberId!: string | null;

  @ApiProperty({ description: 'false: a deactivated staff account (cannot sign in).' })
  active!: boolean;
}

/** GET /me: the user, and for a barber the key of their calendar subscription link. */
export class MeResponse extends UserResponse {
  @ApiPropertyOptional({
    description: "Barbers only: the key of their calendar feed, GET /barbers/{barberId}/calendar.ics?key=… (keep it private; POST /me/calendar-key replaces it).",
  })
  calendarKey?: string;
}

export function toUserResponse(user: UserEntity): UserResponse {
  return { id: user.id, email: user.email, name: user.name, role: user.role, barberId: user.barberId, active: user.active };
}

export function toActor(user: UserEntity): Actor {
  return { userId: user.id, role: user.role, barberId: user.barberId, name: user.name, email: user.email };
}
