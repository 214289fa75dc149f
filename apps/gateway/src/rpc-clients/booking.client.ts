import {
  APPOINTMENTS_RPC,
  AddTimeOffRequest,
  AppointmentResource,
  AttentionItemResource,
  AvailabilityPreviewResource,
  AvailabilityResource,
  AvailabilityTemplateResource,
  BOOKING_RPC,
  BarberResource,
  BookingResource,
  CancelBookingRequest,
  CheckoutResource,
  CheckoutTerms,
  CheckoutTermsRequest,
  CreateCheckoutRequest,
  CreateBarberRequest,
  CreateBookingRequest,
  CreateBookingResponse,
  CreateServiceRequest,
  GetBarberRequest,
  ListBarbersRequest,
  ListCalendarRequest,
  ListServicesRequest,
  ListTimeOffRequest,
  RemoveTimeOffRequest,
  RescheduleBookingRequest,
  UpdateBarberRequest,
  UpdateServiceRequest,
  GetBookingRequest,
  GetAppointmentRequest,
  GetCheckoutsRequest,
  ListAttentionRequest,
  ListBookingsRequest,
  ListDayRequest,
  ListSlotsRequest,
  MarkAppointmentRequest,
  PAYMENTS_RPC,
  RECONCILE_RPC,
  ReconcileReport,
  ReconcileRequest,
  RpcMeta,
  ServiceResource,
  SetAvailabilityRequest,
  SlotResource,
  TimeOffResource,
} from '@app/contracts';
import { ServiceClient } from './service-client';

/** Request and response type of every booking pattern, from the contract. */
export interface BookingPatterns {
  [BOOKING_RPC.health]: [RpcMeta, { status: 'ok' }];
  [BOOKING_RPC.createBarber]: [CreateBarberRequest, BarberResource];
  [BOOKING_RPC.listBarbers]: [ListBarbersRequest, BarberResource[]];
  [BOOKING_RPC.getBarber]: [GetBarberRequest, BarberResource];
  [BOOKING_RPC.updateBarber]: [UpdateBarberRequest, BarberResource];
  [BOOKING_RPC.getAvailability]: [RpcMeta & { barberId: string }, AvailabilityTemplateResource];
  [BOOKING_RPC.setAvailability]: [SetAvailabilityRequest, AvailabilityResource];
  [BOOKING_RPC.previewAvailability]: [SetAvailabilityRequest, AvailabilityPreviewResource];
  [BOOKING_RPC.addTimeOff]: [AddTimeOffRequest, TimeOffResource];
  [BOOKING_RPC.listTimeOff]: [ListTimeOffRequest, TimeOffResource[]];
  [BOOKING_RPC.removeTimeOff]: [RemoveTimeOffRequest, TimeOffResource];
  [BOOKING_RPC.listSlots]: [ListSlotsRequest, SlotResource[]];
  [BOOKING_RPC.createService]: [CreateServiceRequest, ServiceResource];
  [BOOKING_RPC.listServices]: [ListServicesRequest, ServiceResource[]];
  [BOOKING_RPC.getService]: [RpcMeta & { serviceId: string }, ServiceResource];
  [BOOKING_RPC.updateService]: [UpdateServiceRequest, ServiceResource];
  [BOOKING_RPC.createBooking]: [CreateBookingRequest, CreateBookingResponse];
  [BOOKING_RPC.checkoutTerms]: [CheckoutTermsRequest, CheckoutTerms];
  [BOOKING_RPC.getBooking]: [GetBookingRequest, BookingResource];
  [BOOKING_RPC.listBookings]: [ListBookingsRequest, BookingResource[]];
  [BOOKING_RPC.cancelBooking]: [CancelBookingRequest, BookingResource];
  [BOOKING_RPC.rescheduleBooking]: [RescheduleBookingRequest, BookingResource];
  [RECONCILE_RPC.booking]: [ReconcileRequest, ReconcileReport];
}

export class BookingClient extends ServiceClient<BookingPatterns> {}
export const BOOKING_CLIENT = Symbol('BOOKING_CLIENT');

/** Request and response type of every payments pattern, from the contract. */
export interface PaymentsPatterns {
  [PAYMENTS_RPC.health]: [RpcMeta, { status: 'ok' }];
  [PAYMENTS_RPC.createCheckout]: [CreateCheckoutRequest, CheckoutResource];
  [PAYMENTS_RPC.getCheckouts]: [GetCheckoutsRequest, Record<string, CheckoutResource | null>];
  [PAYMENTS_RPC.listAttention]: [ListAttentionRequest, AttentionItemResource[]];
  [RECONCILE_RPC.payments]: [ReconcileRequest, ReconcileReport];
}

export class PaymentsClient extends ServiceClient<PaymentsPatterns> {}

/** Request and response type of every appointments pattern, from the contract. */
export interface AppointmentsPatterns {
  [APPOINTMENTS_RPC.health]: [RpcMeta, { status: 'ok' }];
  [APPOINTMENTS_RPC.listDay]: [ListDayRequest, AppointmentResource[]];
  [APPOINTMENTS_RPC.listCalendar]: [ListCalendarRequest, AppointmentResource[]];
  [APPOINTMENTS_RPC.get]: [GetAppointmentRequest, AppointmentResource];
  [APPOINTMENTS_RPC.complete]: [MarkAppointmentRequest, AppointmentResource];
  [APPOINTMENTS_RPC.noShow]: [MarkAppointmentRequest, AppointmentResource];
  [RECONCILE_RPC.appointments]: [ReconcileRequest, ReconcileReport];
}

export class AppointmentsClient extends ServiceClient<AppointmentsPatterns> {}
export const PAYMENTS_CLIENT = Symbol('PAYMENTS_CLIENT');
export const APPOINTMENTS_CLIENT = Symbol('APPOINTMENTS_CLIENT');
