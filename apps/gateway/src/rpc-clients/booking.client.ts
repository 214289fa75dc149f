import { AppointmentsRpcTable, BookingRpcTable, PaymentsRpcTable } from '@app/contracts';
import { ServiceClient } from './service-client';

/** Each client is typed by its service's RPC table in libs/contracts: the pattern fixes request and response. */
export class BookingClient extends ServiceClient<BookingRpcTable> {}
export class PaymentsClient extends ServiceClient<PaymentsRpcTable> {}
export class AppointmentsClient extends ServiceClient<AppointmentsRpcTable> {}

export const BOOKING_CLIENT = Symbol('BOOKING_CLIENT');
export const PAYMENTS_CLIENT = Symbol('PAYMENTS_CLIENT');
export const APPOINTMENTS_CLIENT = Symbol('APPOINTMENTS_CLIENT');
