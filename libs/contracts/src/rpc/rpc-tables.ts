import { APPOINTMENTS_RPC, getAppointmentRequest, listCalendarRequest, listDayRequest, markAppointmentRequest } from './appointments.rpc';
import {
  BOOKING_RPC,
  CheckoutTerms,
  CreateBookingResponse,
  addTimeOffRequest,
  cancelBookingRequest,
  checkoutTermsRequest,
  createBarberRequest,
  createBookingRequest,
  createServiceRequest,
  getAvailabilityRequest,
  getBarberRequest,
  getBookingRequest,
  getServiceRequest,
  listBarbersRequest,
  listBookingsRequest,
  listServicesRequest,
  listSlotsRequest,
  listTimeOffRequest,
  removeTimeOffRequest,
  rescheduleBookingRequest,
  setAvailabilityRequest,
  updateBarberRequest,
  updateServiceRequest,
} from './booking.rpc';
import { PAYMENTS_RPC, createCheckoutRequest, getCheckoutsRequest, listAttentionRequest } from './payments.rpc';
import {
  BOOKING_INTERNAL_RPC,
  BookingStatesResponse,
  PAYMENTS_INTERNAL_RPC,
  RECONCILE_RPC,
  ReconcileReport,
  SettleBookingsResponse,
  bookingStatesRequest,
  reconcileRequest,
  settleBookingsRequest,
} from './reconcile.rpc';
import {
  AppointmentResource,
  AttentionItemResource,
  AvailabilityPreviewResource,
  AvailabilityResource,
  AvailabilityTemplateResource,
  BarberResource,
  BookingResource,
  CheckoutResource,
  ServiceResource,
  SlotResource,
  TimeOffResource,
} from './resources';
import { RpcTableLike, rpc, rpcRequest } from './rpc-table';

/** Health patterns take nothing but RpcMeta. */
const healthRequest = rpcRequest({});
type Healthy = { status: 'ok' };

/**
 * Every pattern a service answers, with its request schema and response type: the gateway's
 * clients and the tests' fakes are typed by these, and each service checks a request against
 * its entry before the handler runs (`@RpcHandler` in libs/platform). A pattern missing here
 * cannot be sent nor handled.
 */
export const BOOKING_RPC_TABLE = {
  [BOOKING_RPC.health]: rpc(healthRequest).returns<Healthy>(),
  [BOOKING_RPC.createBarber]: rpc(createBarberRequest).returns<BarberResource>(),
  [BOOKING_RPC.listBarbers]: rpc(listBarbersRequest).returns<BarberResource[]>(),
  [BOOKING_RPC.getBarber]: rpc(getBarberRequest).returns<BarberResource>(),
  [BOOKING_RPC.updateBarber]: rpc(updateBarberRequest).returns<BarberResource>(),
  [BOOKING_RPC.getAvailability]: rpc(getAvailabilityRequest).returns<AvailabilityTemplateResource>(),
  [BOOKING_RPC.setAvailability]: rpc(setAvailabilityRequest).returns<AvailabilityResource>(),
  [BOOKING_RPC.previewAvailability]: rpc(setAvailabilityRequest).returns<AvailabilityPreviewResource>(),
  [BOOKING_RPC.addTimeOff]: rpc(addTimeOffRequest).returns<TimeOffResource>(),
  [BOOKING_RPC.listTimeOff]: rpc(listTimeOffRequest).returns<TimeOffResource[]>(),
  [BOOKING_RPC.removeTimeOff]: rpc(removeTimeOffRequest).returns<TimeOffResource>(),
  [BOOKING_RPC.listSlots]: rpc(listSlotsRequest).returns<SlotResource[]>(),
  [BOOKING_RPC.createService]: rpc(createServiceRequest).returns<ServiceResource>(),
  [BOOKING_RPC.listServices]: rpc(listServicesRequest).returns<ServiceResource[]>(),
  [BOOKING_RPC.getService]: rpc(getServiceRequest).returns<ServiceResource>(),
  [BOOKING_RPC.updateService]: rpc(updateServiceRequest).returns<ServiceResource>(),
  [BOOKING_RPC.createBooking]: rpc(createBookingRequest).returns<CreateBookingResponse>(),
  [BOOKING_RPC.checkoutTerms]: rpc(checkoutTermsRequest).returns<CheckoutTerms>(),
  [BOOKING_RPC.getBooking]: rpc(getBookingRequest).returns<BookingResource>(),
  [BOOKING_RPC.listBookings]: rpc(listBookingsRequest).returns<BookingResource[]>(),
  [BOOKING_RPC.cancelBooking]: rpc(cancelBookingRequest).returns<BookingResource>(),
  [BOOKING_RPC.rescheduleBooking]: rpc(rescheduleBookingRequest).returns<BookingResource>(),
  [RECONCILE_RPC.booking]: rpc(reconcileRequest).returns<ReconcileReport>(),
  [BOOKING_INTERNAL_RPC.bookingStates]: rpc(bookingStatesRequest).returns<BookingStatesResponse>(),
} as const satisfies RpcTableLike;

export const PAYMENTS_RPC_TABLE = {
  [PAYMENTS_RPC.health]: rpc(healthRequest).returns<Healthy>(),
  [PAYMENTS_RPC.createCheckout]: rpc(createCheckoutRequest).returns<CheckoutResource>(),
  [PAYMENTS_RPC.getCheckouts]: rpc(getCheckoutsRequest).returns<Record<string, CheckoutResource | null>>(),
  [PAYMENTS_RPC.listAttention]: rpc(listAttentionRequest).returns<AttentionItemResource[]>(),
  [RECONCILE_RPC.payments]: rpc(reconcileRequest).returns<ReconcileReport>(),
  [PAYMENTS_INTERNAL_RPC.settleBookings]: rpc(settleBookingsRequest).returns<SettleBookingsResponse>(),
} as const satisfies RpcTableLike;

export const APPOINTMENTS_RPC_TABLE = {
  [APPOINTMENTS_RPC.health]: rpc(healthRequest).returns<Healthy>(),
  [APPOINTMENTS_RPC.listDay]: rpc(listDayRequest).returns<AppointmentResource[]>(),
  [APPOINTMENTS_RPC.listCalendar]: rpc(listCalendarRequest).returns<AppointmentResource[]>(),
  [APPOINTMENTS_RPC.get]: rpc(getAppointmentRequest).returns<AppointmentResource>(),
  [APPOINTMENTS_RPC.complete]: rpc(markAppointmentRequest).returns<AppointmentResource>(),
  [APPOINTMENTS_RPC.noShow]: rpc(markAppointmentRequest).returns<AppointmentResource>(),
  [RECONCILE_RPC.appointments]: rpc(reconcileRequest).returns<ReconcileReport>(),
} as const satisfies RpcTableLike;

export type BookingRpcTable = typeof BOOKING_RPC_TABLE;
export type PaymentsRpcTable = typeof PAYMENTS_RPC_TABLE;
export type AppointmentsRpcTable = typeof APPOINTMENTS_RPC_TABLE;
