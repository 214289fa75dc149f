import type { BookingResource, BookingStatus, CheckoutResource, PaymentStatus } from '@app/contracts';
import { PAYMENT_STATUSES } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../../http/pagination.dto';
import { Trim } from '../../http/transforms';
import { IsInstant } from '../../http/validation';

export const BOOKING_STATUSES: readonly BookingStatus[] = ['pending_payment', 'confirmed', 'expired', 'cancelled'];
export const LIST_LIMIT_DEFAULT = 100;
export const LIST_LIMIT_MAX = 500;

export class CreateBookingDto {
  @ApiProperty({ format: 'uuid', description: 'The first slot; a longer service takes the following ones too.' })
  @IsUUID(undefined, { message: 'slotId must be a UUID' })
  slotId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID(undefined, { message: 'serviceId must be a UUID' })
  serviceId!: string;
}

export class RescheduleBookingDto {
  @ApiProperty({ format: 'uuid', description: "The first slot of the new time, the same barber's; a longer booking takes the following ones too." })
  @IsUUID(undefined, { message: 'slotId must be a UUID' })
  slotId!: string;
}

export class CancelBookingDto {
  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String })
  @Trim()
  @IsOptional()
  @MaxLength(500)
  @IsString()
  reason?: string | null;
}

export class ListBookingsQueryDto extends PaginationQueryDto({ defaultLimit: LIST_LIMIT_DEFAULT, maxLimit: LIST_LIMIT_MAX }) {
  @ApiPropertyOptional({ enum: BOOKING_STATUSES })
  @IsOptional()
  @IsIn(BOOKING_STATUSES, { message: `status must be one of: ${BOOKING_STATUSES.join(', ')}` })
  status?: BookingStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID(undefined, { message: 'barberId must be a UUID' })
  barberId?: string;

  @ApiPropertyOptional({ description: 'Bookings starting at or after this instant.', example: '2026-12-01T00:00:00.000Z' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Bookings starting before this instant.', example: '2026-12-31T00:00:00.000Z' })
  @IsOptional()
  @IsInstant()
  to?: string;

}

export class CheckoutResponse implements CheckoutResource {
  @ApiProperty() sessionId!: string;
  @ApiProperty() url!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Why the last attempt on this session was declined, as a sentence for the customer (e.g. "Your card was declined. Try another card."); the session stays open for another try. null when none was.',
  })
  lastPaymentError!: string | null;
}

export class RescheduledFromResponse {
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
}

export class BookingResponse implements BookingResource {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ format: 'uuid' }) barberId!: string;
  @ApiProperty({ description: "The barber's name when the booking was made." }) barberName!: string;
  @ApiProperty({ format: 'uuid' }) serviceId!: string;
  @ApiProperty({ description: "The service's name when the booking was made." }) serviceName!: string;
  @ApiProperty({ description: "The barber's IANA time zone: the booking's times are shown in it.", example: 'Europe/London' }) timeZone!: string;
  @ApiProperty({ type: [String] }) slotIds!: string[];
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() priceCents!: number;
  @ApiProperty({ example: 'gbp' }) currency!: string;
  @ApiProperty({ enum: BOOKING_STATUSES }) status!: BookingStatus;
  @ApiProperty({
    enum: PAYMENT_STATUSES,
    description:
      'refund_failed: a refund failed and the customer is still owed the money; disputed / dispute_lost: a chargeback; refunded / partially_refunded also when money was refunded outside the system (the booking status is not changed).',
  })
  paymentStatus!: PaymentStatus;
  @ApiProperty() holdExpiresAt!: string;
  @ApiProperty({ nullable: true, type: String }) appointmentId!: string | null;
  @ApiProperty({ nullable: true, type: String }) cancellationReason!: string | null;
  @ApiProperty({
    nullable: true,
    type: RescheduledFromResponse,
    description: 'The time it had before its latest reschedule; null when it was never moved.',
  })
  rescheduledFrom!: { startsAt: string; endsAt: string } | null;
  @ApiProperty({ nullable: true, type: CheckoutResponse, description: 'null until payments are wired in (next issue), or when Stripe could not be reached.' })
  checkout!: CheckoutResource | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
