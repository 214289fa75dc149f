import { RpcHandler } from '@app/platform';
import { BOOKING_INTERNAL_RPC, BookingStatesRequest, BookingStatesResponse, parseActor, RECONCILE_RPC, ReconcileReport, ReconcileRequest, requireRole, ValidationFailedError, BOOKING_RPC_TABLE } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toBookingResource } from '../bookings/persistence/booking.mapper';
import { bookingRepository } from '../bookings/persistence/booking.repository';
import { ReconcileBookingUseCase } from './reconcile-booking.use-case';

export const MAX_BOOKING_STATES = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Controller()
export class ReconcileRpcController {
  constructor(
    private readonly reconcile: ReconcileBookingUseCase,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** POST /admin/reconcile: an admin only; waits for a run another replica has in progress. */
  @RpcHandler(BOOKING_RPC_TABLE, RECONCILE_RPC.booking)
  async run(request: ReconcileRequest): Promise<ReconcileReport> {
    requireRole(parseActor(request?.actor), 'admin');
    return (await this.reconcile.execute({ wait: true })) ?? {};
  }

  /** Reconcilers of other services (internal, no actor): up to 500 bookings' current state; bad or unknown ids are absent. */
  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_INTERNAL_RPC.bookingStates)
  async bookingStates(request: BookingStatesRequest): Promise<BookingStatesResponse> {
    const ids: unknown = request?.bookingIds;
    if (!Array.isArray(ids)) throw new ValidationFailedError([{ field: 'bookingIds', message: 'must be an array of ids' }]);
    if (ids.length > MAX_BOOKING_STATES) {
      throw new ValidationFailedError([{ field: 'bookingIds', message: `must hold at most ${MAX_BOOKING_STATES} ids` }]);
    }
    const valid = [...new Set(ids.filter((id): id is string => typeof id === 'string' && UUID.test(id)).map((id) => id.toLowerCase()))];
    const bookings = await bookingRepository.findByIds(this.dataSource.manager, valid);
    return Object.fromEntries(bookings.map((booking) => [booking.id, toBookingResource(booking)]));
  }
}
