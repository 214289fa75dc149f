import { Module } from '@nestjs/common';
import { AppointmentUpdatedLiveHandler } from './handlers/appointment-updated.handler';
import { BookingCancelledLiveHandler } from './handlers/booking-cancelled.handler';
import { BookingConfirmedLiveHandler } from './handlers/booking-confirmed.handler';
import { BookingExpiredLiveHandler } from './handlers/booking-expired.handler';
import { BookingPaymentAttemptFailedLiveHandler } from './handlers/booking-payment-attempt-failed.handler';
import { BookingPaymentStatusChangedLiveHandler } from './handlers/booking-payment-status-changed.handler';
import { BookingRescheduledLiveHandler } from './handlers/booking-rescheduled.handler';
import { SlotChangedLiveHandler } from './handlers/slot-changed.handler';
import { LiveController } from './live.controller';
import { LiveFeed } from './live-feed';

/** Live feeds (DESIGN §8): gateway-live handlers → Redis pub/sub → every gateway's SSE streams. */
@Module({
  controllers: [LiveController],
  providers: [
    LiveFeed,
    BookingConfirmedLiveHandler,
    BookingExpiredLiveHandler,
    BookingCancelledLiveHandler,
    BookingPaymentStatusChangedLiveHandler,
    BookingPaymentAttemptFailedLiveHandler,
    BookingRescheduledLiveHandler,
    SlotChangedLiveHandler,
    AppointmentUpdatedLiveHandler,
  ],
  exports: [LiveFeed],
})
export class LiveModule {}
