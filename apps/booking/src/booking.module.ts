import { QUEUES } from '@app/contracts';
import { MessagingModule } from '@app/messaging';
import { CLOCK, ObservabilityModule, serviceDatabaseModule, systemClock } from '@app/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { BarbersRpcController } from './barbers/rpc/barbers.rpc-controller';
import { CreateBarberUseCase } from './barbers/use-cases/create-barber/create-barber.use-case';
import { GetBarberUseCase } from './barbers/use-cases/get-barber/get-barber.use-case';
import { ListBarbersUseCase } from './barbers/use-cases/list-barbers/list-barbers.use-case';
import { UpdateBarberUseCase } from './barbers/use-cases/update-barber/update-barber.use-case';
import { BOOKING_CONFIG, BookingConfig } from './booking.config';
import { AppointmentCreatedHandler } from './bookings/handlers/appointment-created.handler';
import { PaymentAttemptFailedHandler } from './bookings/handlers/payment-attempt-failed.handler';
import { PaymentExpiredHandler } from './bookings/handlers/payment-expired.handler';
import { PaymentFailedHandler } from './bookings/handlers/payment-failed.handler';
import { PaymentRefundedHandler } from './bookings/handlers/payment-refunded.handler';
import { PaymentStatusChangedHandler } from './bookings/handlers/payment-status-changed.handler';
import { PaymentSucceededHandler } from './bookings/handlers/payment-succeeded.handler';
import { BookingsRpcController } from './bookings/rpc/bookings.rpc-controller';
import { HoldExpiryScheduler } from './bookings/schedule/hold-expiry.scheduler';
import { AnnouncePaymentAttemptFailedUseCase } from './bookings/use-cases/announce-payment-attempt-failed/announce-payment-attempt-failed.use-case';
import { ApplyPaymentSuccessUseCase } from './bookings/use-cases/apply-payment-success/apply-payment-success.use-case';
import { CancelBookingUseCase } from './bookings/use-cases/cancel-booking/cancel-booking.use-case';
import { CreateBookingUseCase } from './bookings/use-cases/create-booking/create-booking.use-case';
import { ExpireLapsedHoldsUseCase } from './bookings/use-cases/expire-lapsed-holds/expire-lapsed-holds.use-case';
import { ExpireUnpaidBookingUseCase } from './bookings/use-cases/expire-unpaid-booking/expire-unpaid-booking.use-case';
import { GetBookingUseCase } from './bookings/use-cases/get-booking/get-booking.use-case';
import { GetCheckoutTermsUseCase } from './bookings/use-cases/get-checkout-terms/get-checkout-terms.use-case';
import { ListBookingsUseCase } from './bookings/use-cases/list-bookings/list-bookings.use-case';
import { LinkAppointmentUseCase } from './bookings/use-cases/link-appointment/link-appointment.use-case';
import { RecordPaymentStatusChangeUseCase } from './bookings/use-cases/record-payment-status-change/record-payment-status-change.use-case';
import { RescheduleBookingUseCase } from './bookings/use-cases/reschedule-booking/reschedule-booking.use-case';
import { RecordRefundUseCase } from './bookings/use-cases/record-refund/record-refund.use-case';
import { CatalogRpcController } from './catalog/rpc/catalog.rpc-controller';
import { CreateServiceUseCase } from './catalog/use-cases/create-service/create-service.use-case';
import { GetServiceUseCase } from './catalog/use-cases/get-service/get-service.use-case';
import { ListServicesUseCase } from './catalog/use-cases/list-services/list-services.use-case';
import { UpdateServiceUseCase } from './catalog/use-cases/update-service/update-service.use-case';
import { bookingDataSourceOptions } from './database/data-source';
import { PaymentsSettlementClient } from './reconcile/payments-settlement.client';
import { ReconcileBookingUseCase } from './reconcile/reconcile-booking.use-case';
import { ReconcileRpcController } from './reconcile/reconcile.rpc-controller';
import { ReconcileScheduler } from './reconcile/reconcile.scheduler';
import { HealthRpcController } from './health/health.rpc-controller';
import { SlotsRpcController } from './slots/rpc/slots.rpc-controller';
import { SlotHorizonScheduler } from './slots/schedule/slot-horizon.scheduler';
import { AddTimeOffUseCase } from './slots/use-cases/add-time-off/add-time-off.use-case';
import { ExtendSlotHorizonUseCase } from './slots/use-cases/extend-slot-horizon/extend-slot-horizon.use-case';
import { FillSlotGridUseCase } from './slots/use-cases/fill-slot-grid/fill-slot-grid.use-case';
import { GetAvailabilityUseCase } from './slots/use-cases/get-availability/get-availability.use-case';
import { ListSlotsUseCase } from './slots/use-cases/list-slots/list-slots.use-case';
import { ListTimeOffUseCase } from './slots/use-cases/list-time-off/list-time-off.use-case';
import { ReleaseBookingSlotsUseCase } from './slots/use-cases/release-booking-slots/release-booking-slots.use-case';
import { RemoveTimeOffUseCase } from './slots/use-cases/remove-time-off/remove-time-off.use-case';
import { SetAvailabilityUseCase } from './slots/use-cases/set-availability/set-availability.use-case';

@Module({})
export class BookingModule {
  static forRoot(config: BookingConfig): DynamicModule {
    return {
      module: BookingModule,
      imports: [
        serviceDatabaseModule(() => bookingDataSourceOptions(config.databaseUrl)),
        ObservabilityModule.forRoot({ service: 'booking', redisUrl: config.redisUrl }),
        MessagingModule.forRoot({
          service: 'booking',
          redisUrl: config.redisUrl,
          prefix: config.queuePrefix,
          producer: {},
          retry: config.messageRetry,
          consumer: { queue: QUEUES.bookingInbox },
        }),
        ScheduleModule.forRoot(),
      ],
      controllers: [HealthRpcController, BarbersRpcController, CatalogRpcController, SlotsRpcController, BookingsRpcController, ReconcileRpcController],
      providers: [
        { provide: BOOKING_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        CreateBarberUseCase,
        ListBarbersUseCase,
        GetBarberUseCase,
        UpdateBarberUseCase,
        CreateServiceUseCase,
        ListServicesUseCase,
        GetServiceUseCase,
        UpdateServiceUseCase,
        FillSlotGridUseCase,
        ReleaseBookingSlotsUseCase,
        SetAvailabilityUseCase,
        GetAvailabilityUseCase,
        AddTimeOffUseCase,
        ListTimeOffUseCase,
        RemoveTimeOffUseCase,
        ListSlotsUseCase,
        ExtendSlotHorizonUseCase,
        SlotHorizonScheduler,
        CreateBookingUseCase,
        GetBookingUseCase,
        GetCheckoutTermsUseCase,
        ListBookingsUseCase,
        CancelBookingUseCase,
        RescheduleBookingUseCase,
        ExpireLapsedHoldsUseCase,
        PaymentsSettlementClient,
        HoldExpiryScheduler,
        ApplyPaymentSuccessUseCase,
        ExpireUnpaidBookingUseCase,
        RecordRefundUseCase,
        LinkAppointmentUseCase,
        PaymentSucceededHandler,
        PaymentFailedHandler,
        PaymentExpiredHandler,
        PaymentRefundedHandler,
        RecordPaymentStatusChangeUseCase,
        PaymentStatusChangedHandler,
        AnnouncePaymentAttemptFailedUseCase,
        PaymentAttemptFailedHandler,
        AppointmentCreatedHandler,
        ReconcileBookingUseCase,
        ReconcileScheduler,
      ],
      exports: [BOOKING_CONFIG],
    };
  }
}
