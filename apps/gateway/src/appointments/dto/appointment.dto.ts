import type { AppointmentResource, AppointmentStatus } from '@app/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { IsCalendarDate } from '../../http/validation';

export const APPOINTMENT_STATUSES: readonly AppointmentStatus[] = ['pending', 'paid', 'cancelled', 'completed', 'no_show'];

export class ListDayQueryDto {
  @ApiProperty({ format: 'uuid', description: 'A barber may ask only for their own day.' })
  @IsUUID(undefined, { message: 'barberId must be a UUID' })
  barberId!: string;

  @ApiProperty({ example: '2026-12-01', description: "A day in the barber's time zone, YYYY-MM-DD." })
  @IsCalendarDate()
  date!: string;
}

export class AppointmentResponse implements AppointmentResource {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) bookingId!: string;
  @ApiProperty({ format: 'uuid' }) barberId!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() customerName!: string;
  @ApiProperty() serviceName!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES }) status!: AppointmentStatus;
  @ApiProperty() updatedAt!: string;
}
