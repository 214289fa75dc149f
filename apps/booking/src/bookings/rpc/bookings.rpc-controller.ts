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
} from '@app/contracts';
import { MessagePattern, Payload } from '@nestjs/microservices';
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

  @MessagePattern(BOOKING_RPC.createBooking)
  async create(@Payload() request: CreateBookingRequest): Promise<CreateBookingResponse> {
    const { booking, created, checkoutTerms } = await this.createBooking.execute(request);
    return { booking: toBookingResource(booking), created, checkoutTerms };
  }

  @MessagePattern(BOOKING_RPC.checkoutTerms)
  async checkoutTerms(@Payload() request: CheckoutTermsRequest): Promise<CheckoutTerms> {
    return this.getCheckoutTerms.execute(request);
  }

  @MessagePattern(BOOKING_RPC.getBooking)
  async get(@Payload() request: GetBookingRequest): Promise<BookingResource> {
    return toBookingResource(await this.getBooking.execute(request));
  }

  @MessagePattern(BOOKING_RPC.listBookings)
  async list(@Payload() request: ListBookingsRequest): Promise<BookingResource[]> {
    return (await this.listBookings.execute(request)).map(toBookingResource);
  }

  @MessagePattern(BOOKING_RPC.cancelBooking)
  async cancel(@Payload() request: CancelBookingRequest): Promise<BookingResource> {
    return toBookingResource(await this.cancelBooking.execute(request));
  }

  @MessagePattern(BOOKING_RPC.rescheduleBooking)
  async reschedule(@Payload() request: RescheduleBookingRequest): Promise<BookingResource> {
    return toBookingResource(await this.rescheduleBooking.execute(request));
  }
}
