import { QUEUES } from '@app/contracts';
import { MessagingModule } from '@app/messaging';
import { CLOCK, ObservabilityModule, serviceDatabaseModule, systemClock } from '@app/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { APPOINTMENTS_CONFIG, AppointmentsConfig } from './appointments.config';
import { BookingCancelledHandler } from './appointment/handlers/booking-cancelled.handler';
import { BookingConfirmedHandler } from './appointment/handlers/booking-confirmed.handler';
import { BookingCreatedHandler } from './appointment/handlers/booking-created.handler';
import { BookingExpiredHandler } from './appointment/handlers/booking-expired.handler';
import { BookingRescheduledHandler } from './appointment/handlers/booking-rescheduled.handler';
import { AppointmentsRpcController } from './appointment/rpc/appointments.rpc-controller';
import { ApplyBookingFactUseCase } from './appointment/use-cases/apply-booking-fact/apply-booking-fact.use-case';
import { GetAppointmentUseCase } from './appointment/use-cases/get-appointment/get-appointment.use-case';
import { ListCalendarUseCase } from './appointment/use-cases/list-calendar/list-calendar.use-case';
import { ListDayUseCase } from './appointment/use-cases/list-day/list-day.use-case';
import { RecordVisitOutcomeUseCase } from './appointment/use-cases/record-visit-outcome/record-visit-outcome.use-case';
import { appointmentsDataSourceOptions } from './database/data-source';
import { HealthRpcController } from './health/health.rpc-controller';
import { BookingStatesClient } from './reconcile/booking-states.client';
import { ReconcileAppointmentsUseCase } from './reconcile/reconcile-appointments.use-case';
import { ReconcileRpcController } from './reconcile/reconcile.rpc-controller';
import { ReconcileScheduler } from './reconcile/reconcile.scheduler';

@Module({})
export class AppointmentsModule {
  static forRoot(config: AppointmentsConfig): DynamicModule {
    return {
      module: AppointmentsModule,
      imports: [
        serviceDatabaseModule(() => appointmentsDataSourceOptions(config.databaseUrl)),
        ObservabilityModule.forRoot({ service: 'appointments', redisUrl: config.redisUrl }),
        MessagingModule.forRoot({
          service: 'appointments',
          redisUrl: config.redisUrl,
          prefix: config.queuePrefix,
          producer: {},
          retry: config.messageRetry,
          consumer: { queue: QUEUES.appointmentsInbox },
        }),
        ScheduleModule.forRoot(),
      ],
      controllers: [HealthRpcController, AppointmentsRpcController, ReconcileRpcController],
      providers: [
        { provide: APPOINTMENTS_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        ApplyBookingFactUseCase,
        ListDayUseCase,
        ListCalendarUseCase,
        GetAppointmentUseCase,
        RecordVisitOutcomeUseCase,
        BookingCreatedHandler,
        BookingConfirmedHandler,
        BookingExpiredHandler,
        BookingCancelledHandler,
        BookingRescheduledHandler,
        BookingStatesClient,
        ReconcileAppointmentsUseCase,
        ReconcileScheduler,
      ],
      exports: [APPOINTMENTS_CONFIG],
    };
  }
}
