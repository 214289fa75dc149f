import { CreateMessagingTables1764000000000 } from '@app/messaging';
import { serviceDataSourceOptions } from '@app/platform';
import { DataSource, DataSourceOptions } from 'typeorm';
import { CreateBookingSchema1764100000000 } from './migrations/1764100000000-create-booking-schema';
import { RecordBookingPayments1764300000000 } from './migrations/1764300000000-record-booking-payments';
import { BookingReconcileMarks1764500000000 } from './migrations/1764500000000-booking-reconcile-marks';
import { BookingBarberNameAndZone1765000000000 } from './migrations/1765000000000-booking-barber-name-and-zone';
import { PaymentStatusAfterPayment1765000014000 } from './migrations/1765000014000-payment-status-after-payment';
import { UniqueActiveServiceNames1765000016000 } from './migrations/1765000016000-unique-active-service-names';
import { BookingReschedules1765000017000 } from './migrations/1765000017000-booking-reschedules';

export function bookingDataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return serviceDataSourceOptions({
    url,
    applicationName: 'booking',
    entities: [],
    migrations: [CreateMessagingTables1764000000000, CreateBookingSchema1764100000000, RecordBookingPayments1764300000000, BookingReconcileMarks1764500000000, BookingBarberNameAndZone1765000000000, PaymentStatusAfterPayment1765000014000, UniqueActiveServiceNames1765000016000, BookingReschedules1765000017000],
    poolSize,
  });
}

/** For the TypeORM CLI (migration:generate / migration:run). */
export default new DataSource(
  bookingDataSourceOptions(process.env.BOOKING_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/booking'),
);
