import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsUUID, ValidateIf } from 'class-validator';
import { RegisterDto } from '../../auth/dto/credentials.dto';

export const STAFF_ROLES = ['barber', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export class CreateStaffUserDto extends RegisterDto {
  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES, { message: `role must be one of: ${STAFF_ROLES.join(', ')}` })
  role!: StaffRole;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for role barber: the barber this account belongs to.' })
  @ValidateIf((dto: CreateStaffUserDto) => dto.role === 'barber' || dto.barberId !== undefined)
  @IsUUID(undefined, { message: 'barberId must be a UUID' })
  @IsDefined({ message: 'barberId is required for a barber account' })
  barberId?: string;
}
