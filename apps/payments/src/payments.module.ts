import { QUEUES } from '@app/contracts';
import { MessagingModule } from '@app/messaging';
import { CLOCK, ObservabilityModule, serviceDatabaseModule, systemClock } from '@app/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AttentionRpcController } from './attention/rpc/attention.rpc-controller';
import { ListAttentionUseCase } from './attention/use-cases/list-attention/list-attention.use-case';
import { BookingExpiredHandler } from './checkout/handlers/booking-expired.handler';
import { CheckoutRpcController } from './checkout/rpc/checkout.rpc-controller';
import { CreateCheckoutUseCase } from './checkout/use-cases/create-checkout/create-checkout.use-case';
import { ExpireOpenCheckoutsUseCase } from './checkout/use-cases/expire-open-checkouts/expire-open-checkouts.use-case';
import { GetCheckoutsUseCase } from './checkout/use-cases/get-checkouts/get-checkouts.use-case';
import { paymentsDataSourceOptions } from './database/data-source';
import { HealthRpcController } from './health/health.rpc-controller';
import { PAYMENTS_CONFIG, PaymentsConfig } from './payments.config';
import { ReconcilePaymentsUseCase } from './reconcile/reconcile-payments.use-case';
import { ReconcileRpcController } from './reconcile/reconcile.rpc-controller';
import { ReconcileScheduler } from './reconcile/reconcile.scheduler';
import { SettleBookingsUseCase } from './reconcile/use-cases/settle-bookings/settle-bookings.use-case';
import { BookingCancelledHandler } from './refunds/handlers/booking-cancelled.handler';
import { BookingPaymentRejectedHandler } from './refunds/handlers/booking-payment-rejected.handler';
import { IssueRefundUseCase } from './refunds/use-cases/issue-refund/issue-refund.use-case';
import { RefundPaymentUseCase } from './refunds/use-cases/refund-payment/refund-payment.use-case';
import { RecordDisputeUseCase } from './disputes/use-cases/record-dispute/record-dispute.use-case';
import { RecordRefundReportUseCase } from './refunds/use-cases/record-refund-report/record-refund-report.use-case';
import { RecordRefundedOutsideUseCase } from './refunds/use-cases/record-refunded-outside/record-refunded-outside.use-case';
import { RetryUnissuedRefundsUseCase } from './refunds/use-cases/retry-unissued-refunds/retry-unissued-refunds.use-case';
import { SettleCancelledBookingUseCase } from './refunds/use-cases/settle-cancelled-booking/settle-cancelled-booking.use-case';
import { stripeClientProvider } from './stripe/stripe-client';
import { StripeWebhookController } from './webhooks/controllers/stripe-webhook.controller';
import { FlaggedPaymentsScheduler } from './webhooks/schedule/flagged-payments.scheduler';
import { DeadLetterFlaggedPaymentsUseCase } from './webhooks/use-cases/dead-letter-flagged-payments/dead-letter-flagged-payments.use-case';
import { ReceiveStripeEventUseCase } from './webhooks/use-cases/receive-stripe-event/receive-stripe-event.use-case';

@Module({})
export class PaymentsModule {
  static forRoot(config: PaymentsConfig): DynamicModule {
    return {
      module: PaymentsModule,
      imports: [
        ScheduleModule.forRoot(),
        serviceDatabaseModule(() => paymentsDataSourceOptions(config.databaseUrl)),
        ObservabilityModule.forRoot({ service: 'payments', redisUrl: config.redisUrl }),
        MessagingModule.forRoot({
          service: 'payments',
          redisUrl: config.redisUrl,
          prefix: config.queuePrefix,
          producer: {},
          retry: config.messageRetry,
          consumer: { queue: QUEUES.paymentsInbox },
        }),
      ],
      controllers: [HealthRpcController, CheckoutRpcController, StripeWebhookController, ReconcileRpcController, AttentionRpcController],
      providers: [
        { provide: PAYMENTS_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        stripeClientProvider,
        CreateCheckoutUseCase,
        GetCheckoutsUseCase,
        ExpireOpenCheckoutsUseCase,
        BookingExpiredHandler,
        ReceiveStripeEventUseCase,
        DeadLetterFlaggedPaymentsUseCase,
        FlaggedPaymentsScheduler,
        IssueRefundUseCase,
        RecordRefundReportUseCase,
        RecordRefundedOutsideUseCase,
        RecordDisputeUseCase,
        ListAttentionUseCase,
        RefundPaymentUseCase,
        RetryUnissuedRefundsUseCase,
        SettleCancelledBookingUseCase,
        BookingCancelledHandler,
        BookingPaymentRejectedHandler,
        ReconcilePaymentsUseCase,
        SettleBookingsUseCase,
        ReconcileScheduler,
      ],
      exports: [PAYMENTS_CONFIG],
    };
  }
}
