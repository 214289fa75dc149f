import type {
  AvailabilityResource,
  BarberResource,
  SlotResource,
  SlotStatus,
  TimeOffResource,
  WeeklyHours,
} from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Trim } from '../../http/transforms';
import { IsCalendarDate, IsInstant } from '../../http/validation';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class CreateBarberDto {
  @ApiProperty({ example: 'Sam', minLength: 1, maxLength: 100 })
  @Trim()
  @Length(1, 100, { message: 'name must be 1 to 100 characters long' })
  @IsString()
  name!: string;

  @ApiProperty({ example: 'Europe/London', description: 'IANA time zone the barber works in.' })
  @IsTimeZone({ message: 'timeZone must be an IANA time zone such as Europe/London' })
  @IsString()
  timeZone!: string;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true, type: String })
  @Trim()
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  description?: string | null;
}

export class WeeklyHoursDto implements WeeklyHours {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday: Monday = 1 … Sunday = 7.' })
  @Max(7, { message: 'weekday must be a whole number from 1 (Monday) to 7 (Sunday)' })
  @Min(1, { message: 'weekday must be a whole number from 1 (Monday) to 7 (Sunday)' })
  @IsInt({ message: 'weekday must be a whole number from 1 (Monday) to 7 (Sunday)' })
  weekday!: number;

  @ApiProperty({ example: '09:00', description: "Local wall-clock time in the barber's zone." })
  @Matches(HH_MM, { message: 'start must look like HH:MM (00:00 to 23:59)' })
  @IsString()
  start!: string;

  @ApiProperty({ example: '17:00' })
  @Matches(HH_MM, { message: 'end must look like HH:MM (00:00 to 23:59)' })
  @IsString()
  end!: string;
}

export class SetAvailabilityDto {
  @ApiProperty({ example: 30, minimum: 5, maximum: 480 })
  @Max(480)
  @Min(5)
  @IsInt({ message: 'slotMinutes must be a whole number of minutes' })
  slotMinutes!: number;

  @ApiProperty({ type: [WeeklyHoursDto], maxItems: 70, description: 'The whole weekly template; an empty list means no working hours.' })
  @Type(() => WeeklyHoursDto)
  @ValidateNested({ each: true })
  @ArrayMaxSize(70)
  @IsArray()
  weekly!: WeeklyHoursDto[];
}

export class AddTimeOffDto {
  @ApiProperty({ example: '2026-12-24T09:00:00.000Z' })
  @IsInstant()
  startsAt!: string;

  @ApiProperty({ example: '2026-12-24T17:00:00.000Z' })
  @IsInstant()
  endsAt!: string;

  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String })
  @Trim()
  @IsOptional()
  @MaxLength(500)
  @IsString()
  reason?: string | null;
}

export class ListSlotsQueryDto {
  @ApiProperty({ example: '2026-12-01', description: "A day in the barber's time zone, YYYY-MM-DD." })
  @IsCalendarDate()
  date!: string;
}

export class BarberResponse implements BarberResource {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'Europe/London' }) timeZone!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty() active!: boolean;
}

export class AvailabilityResponse implements AvailabilityResource {
  @ApiProperty({ format: 'uuid' }) barberId!: string;
  @ApiProperty() slotMinutes!: number;
  @ApiProperty({ type: [WeeklyHoursDto] }) weekly!: WeeklyHours[];
  @ApiProperty({ description: 'Free future slots removed by the regeneration.' }) slotsRemoved!: number;
  @ApiProperty({ description: 'Free future slots created by the regeneration.' }) slotsCreated!: number;
}

export class TimeOffResponse implements TimeOffResource {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) barberId!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ description: 'Free slots inside that became blocked.' }) blockedSlots!: number;
}

export class SlotResponse implements SlotResource {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) barberId!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ enum: ['available', 'held', 'booked', 'blocked'] }) status!: SlotStatus;
}
