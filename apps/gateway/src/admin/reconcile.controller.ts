import { Actor, DomainError, RECONCILE_RPC, ReconcileReport } from '@app/contracts';
import { Controller, HttpCode, Inject, Logger, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../http/api-errors.decorator';
import {
  APPOINTMENTS_CLIENT,
  AppointmentsClient,
  BOOKING_CLIENT,
  BookingClient,
  PAYMENTS_CLIENT,
  PaymentsClient,
} from '../rpc-clients/booking.client';

/** A reconciler can ask Stripe about every open payment: give it longer than an ordinary RPC. */
const RECONCILE_TIMEOUT_MS = 30_000;

/** A service that could not run its reconciler: the code of what went wrong. */
export type ReconcileFailure = { error: string };
export type ReconcileOutcome = ReconcileReport | ReconcileFailure;

@ApiTags('admin')
@Controller('admin/reconcile')
export class ReconcileController {
  private readonly logger = new Logger(ReconcileController.name);

  constructor(
    @Inject(BOOKING_CLIENT) private readonly booking: BookingClient,
    @Inject(PAYMENTS_CLIENT) private readonly payments: PaymentsClient,
    @Inject(APPOINTMENTS_CLIENT) private readonly appointments: AppointmentsClient,
  ) {}

  /**
   * Runs the three reconcilers in parallel. Always 200 for an admin: each service's key
   * holds its report (repairs by kind), or `{ error: CODE }` when that service did not
   * run it (`SERVICE_UNAVAILABLE` when it did not answer). Reconcilers are safe to re-run,
   * so the services that did answer keep their results rather than being hidden by a 503.
   */
  @Post()
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Run every reconciler now',
    description:
      "200 { booking, payments, appointments }: each a report (repairs by kind) or { error: 'SERVICE_UNAVAILABLE' } when that service did not answer.",
  })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: { type: 'object', additionalProperties: true } } })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
  async reconcile(@CurrentUser() actor: Actor): Promise<Record<'booking' | 'payments' | 'appointments', ReconcileOutcome>> {
    const options = { timeoutMs: RECONCILE_TIMEOUT_MS };
    const [booking, payments, appointments] = await Promise.all([
      this.outcome('booking', this.booking.send(RECONCILE_RPC.booking, { actor }, options)),
      this.outcome('payments', this.payments.send(RECONCILE_RPC.payments, { actor }, options)),
      this.outcome('appointments', this.appointments.send(RECONCILE_RPC.appointments, { actor }, options)),
    ]);
    return { booking, payments, appointments };
  }

  private async outcome(service: string, call: Promise<ReconcileReport>): Promise<ReconcileOutcome> {
    try {
      return await call;
    } catch (error) {
      const code = error instanceof DomainError ? error.code : 'INTERNAL';
      this.logger.warn(`The ${service} reconciler did not run: ${code}`);
      return { error: code };
    }
  }
}
