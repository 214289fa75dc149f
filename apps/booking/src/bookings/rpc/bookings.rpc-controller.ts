import { RpcHandler } from '@app/platform';
import { Controller } from '@nestjs/common';
import {
  BookingResource,
  BOOKING_RPC,
  CancelBookingRequest,
  CheckoutTerms,
  CheckoutTermsRequest,
  CreateBookingRequest,
  CreateBookingResponse,
  GetBookingRequest,
  ListBookingsRequest,
  RescheduleBookingRequest,
  BOOKING_RPC_TABLE,
} from '@app/contracts';
import { toBookingResource } from '../persistence/booking.mapper';
import { CancelBookingUseCase } from '../use-cases/cancel-booking/cancel-booking.use-case';
import { CreateBookingUseCase } from '../use-cases/create-booking/create-booking.use-case';
import { GetBookingUseCase } from '../use-cases/get-booking/get-booking.use-case';
import { GetCheckoutTermsUseCase } from '../use-cases/get-checkout-terms/get-checkout-terms.use-case';
import { ListBookingsUseCase } from '../use-cases/list-bookings/list-bookings.use-case';
import { RescheduleBookingUseCase } from '../use-cases/reschedule-booking/reschedule-booking.use-case';

@Controller()
export class BookingsRpcController {
  constructor(
    private readonly createBooking: CreateBookingUseCase,
    private readonly getBooking: GetBookingUseCase,
    private readonly listBookings: ListBookingsUseCase,
    private readonly cancelBooking: CancelBookingUseCase,
    private readonly rescheduleBooking: RescheduleBookingUseCase,
    private readonly getCheckoutTerms: GetCheckoutTermsUseCase,
  ) {}

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.createBooking)
  async create(request: CreateBookingRequest): Promise<CreateBookingResponse> {
    const { booking, created, checkoutTerms } = await this.createBooking.execute(request);
    return { booking: toBookingResource(booking), created, checkoutTerms };
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.checkoutTerms)
  async checkoutTerms(request: CheckoutTermsRequest): Promise<CheckoutTerms> {
    return this.getCheckoutTerms.execute(request);
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.getBooking)
  async get(request: GetBookingRequest): Promise<BookingResource> {
    return toBookingResource(await this.getBooking.execute(request));
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.listBookings)
  async list(request: ListBookingsRequest): Promise<BookingResource[]> {
    return (await this.listBookings.execute(request)).map(toBookingResource);
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.cancelBooking)
  async cancel(request: CancelBookingRequest): Promise<BookingResource> {
    return toBookingResource(await this.cancelBooking.execute(request));
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.rescheduleBooking)
  async reschedule(request: RescheduleBookingRequest): Promise<BookingResource> {
    return toBookingResource(await this.rescheduleBooking.execute(request));
  }
}
