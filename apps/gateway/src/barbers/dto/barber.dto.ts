import type {
  AvailabilityPreviewResource,
  AvailabilityResource,
  AvailabilityTemplateResource,
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
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  registerDecorator,
} from 'class-validator';
import { ToBoolean, Trim } from '../../http/transforms';
import { IsCalendarDate, IsInstant } from '../../http/validation';

/*
 * The per-field rules of the booking service's validateAvailability (apps/booking/src/slots/domain/availability.ts),
 * which stays the authority (it also refuses overlapping ranges): a range starts at 00:00–23:59 and
 * ends after its start, at the latest "24:00" (a barber working until midnight). Keep the two in
 * step, or the gateway refuses templates the service would accept.
 */
const START_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const SLOT_MINUTES_MIN = 5;
const SLOT_MINUTES_MAX = 240;
const MAX_WEEKLY_RANGES = 100;

/** Minutes since midnight of a "HH:MM" that passed START_TIME or END_TIME ("24:00" is 1440). */
function minutesOfDay(value: string): number {
  return Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));
}

/** On `end`: after the range's `start`. Silent while either is malformed: their own rules say so. */
function IsAfterStart(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAfterStart',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: ({ object, value }: ValidationArguments) =>
          `$property must be after start (${String((object as WeeklyHoursDto).start)}), not ${String(value)}`,
      },
      validator: {
        validate: (end: unknown, { object }: ValidationArguments) => {
          const { start } = object as Partial<WeeklyHoursDto>;
          if (typeof start !== 'string' || !START_TIME.test(start) || typeof end !== 'string' || !END_TIME.test(end)) return true;
          return minutesOfDay(start) < minutesOfDay(end);
        },
      },
    });
}

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

/** Only the fields sent change. */
export class UpdateBarberDto {
  @ApiPropertyOptional({ example: 'Sam', minLength: 1, maxLength: 100 })
  @Trim()
  @IsOptional()
  @Length(1, 100, { message: 'name must be 1 to 100 characters long' })
  @IsString()
  name?: string;

  @ApiPropertyOptional({
    example: 'Europe/London',
    description: "A new IANA zone: the same weekly hours move to that zone's clock; held and booked slots stay.",
  })
  @IsOptional()
  @IsTimeZone({ message: 'timeZone must be an IANA time zone such as Europe/London' })
  @IsString()
  timeZone?: string;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true, type: String })
  @Trim()
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  description?: string | null;

  @ApiPropertyOptional({ description: 'false: hidden from customers and new bookings refused (BARBER_INACTIVE); existing bookings stay.' })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class ListBarbersQueryDto {
  @ApiPropertyOptional({ description: 'Admins only: also the deactivated barbers.' })
  @ToBoolean()
  @IsOptional()
  @IsBoolean({ message: 'includeInactive must be true or false' })
  includeInactive?: boolean;
}

export class WeeklyHoursDto implements WeeklyHours {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday: Monday = 1 … Sunday = 7.' })
  @Max(7, { message: 'weekday must be a whole number from 1 (Monday) to 7 (Sunday)' })
  @Min(1, { message: 'weekday must be a whole number from 1 (Monday) to 7 (Sunday)' })
  @IsInt({ message: 'weekday must be a whole number from 1 (Monday) to 7 (Sunday)' })
  weekday!: number;

  @ApiProperty({ example: '09:00', description: "Local wall-clock time in the barber's zone, 00:00 to 23:59." })
  @Matches(START_TIME, { message: 'start must look like HH:MM (00:00 to 23:59)' })
  @IsString()
  start!: string;

  @ApiProperty({ example: '17:00', description: 'After start; 00:01 to 24:00 ("24:00" is midnight at the end of the day).' })
  @IsAfterStart()
  @Matches(END_TIME, { message: 'end must look like HH:MM (00:00 to 24:00)' })
  @IsString()
  end!: string;
}

export class SetAvailabilityDto {
  @ApiProperty({ example: 30, minimum: SLOT_MINUTES_MIN, maximum: SLOT_MINUTES_MAX })
  @Max(SLOT_MINUTES_MAX)
  @Min(SLOT_MINUTES_MIN)
  @IsInt({ message: 'slotMinutes must be a whole number of minutes' })
  slotMinutes!: number;

  @ApiProperty({
    type: [WeeklyHoursDto],
    maxItems: MAX_WEEKLY_RANGES,
    description: 'The whole weekly template; an empty list means no working hours.',
  })
  @Type(() => WeeklyHoursDto)
  @ValidateNested({ each: true })
  @ArrayMaxSize(MAX_WEEKLY_RANGES)
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

export const SLOT_STATUSES: readonly SlotStatus[] = ['available', 'held', 'booked', 'blocked'];

/** `date`, or `from` and `to` (both included, at most 14 days): days in the barber's time zone. */
export class ListSlotsQueryDto {
  // date is required unless a range is asked for; a range needs both ends.
  @ApiPropertyOptional({ example: '2026-12-01', description: "One day in the barber's time zone, YYYY-MM-DD (or give from and to)." })
  @ValidateIf((query: ListSlotsQueryDto) => query.from === undefined && query.to === undefined)
  @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional({ example: '2026-12-01', description: "First day of a range in the barber's time zone, YYYY-MM-DD." })
  @ValidateIf((query: ListSlotsQueryDto) => query.date === undefined)
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-14', description: 'Last day of the range, included; at most 14 days after from, both counted.' })
  @ValidateIf((query: ListSlotsQueryDto) => query.date === undefined)
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ enum: SLOT_STATUSES, description: 'Only slots with this status.' })
  @IsOptional()
  @IsIn(SLOT_STATUSES, { message: `status must be one of: ${SLOT_STATUSES.join(', ')}` })
  status?: SlotStatus;
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

export class AvailabilityTemplateResponse implements AvailabilityTemplateResource {
  @ApiProperty({ format: 'uuid' }) barberId!: string;
  @ApiProperty({ description: 'Slot length in minutes (30 when no hours were ever set).' }) slotMinutes!: number;
  @ApiProperty({ type: [WeeklyHoursDto], description: 'Empty when the barber has no working hours.' }) weekly!: WeeklyHours[];
}

export class AvailabilityPreviewDayResponse {
  @ApiProperty({ example: '2026-12-01', description: "A day in the barber's zone." }) date!: string;
  @ApiProperty() added!: number;
  @ApiProperty() removed!: number;
  @ApiProperty({ description: 'Held and booked slots of that day outside the new hours: left as they are.' }) kept!: number;
}

export class AvailabilityPreviewResponse implements AvailabilityPreviewResource {
  @ApiProperty({ format: 'uuid' }) barberId!: string;
  @ApiProperty({ description: 'Free slots saving would create.' }) slotsAdded!: number;
  @ApiProperty({ description: 'Free slots saving would remove.' }) slotsRemoved!: number;
  @ApiProperty({ description: 'Held and booked slots outside the new hours: never touched, their bookings stand.' }) heldOrBookedKept!: number;
  @ApiProperty({ type: [AvailabilityPreviewDayResponse], description: 'Only the days where something changes, in order.' })
  days!: AvailabilityPreviewDayResponse[];
}

export class TimeOffResponse implements TimeOffResource {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) barberId!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ description: 'Slots inside it that are blocked (when added or listed) or were opened again (when removed).' })
  blockedSlots!: number;
}

export class SlotResponse implements SlotResource {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) barberId!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ enum: ['available', 'held', 'booked', 'blocked'] }) status!: SlotStatus;
}
