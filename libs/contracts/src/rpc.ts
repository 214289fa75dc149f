export * from './errors';
export * from './rpc/actor';
export * from './rpc/resources';
export * from './rpc/booking.rpc';
export * from './rpc/payments.rpc';
export * from './rpc/appointments.rpc';
export * from './rpc/reconcile.rpc';
