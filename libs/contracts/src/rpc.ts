/** RPC patterns for gateway → service request/response over TCP. Persisted nowhere, but keep them stable. */
export const RPC = {
  health: { booking: 'booking.health', payments: 'payments.health', appointments: 'appointments.health' },
} as const;

/** The error shape every RPC handler returns for an expected failure. */
export interface RpcErrorBody {
  code: string;
  message: string;
  details?: unknown;
}
