/** Who is asking, as the gateway authenticated them. Services use it for ownership rules. */
export type Role = 'customer' | 'barber' | 'admin';

export interface Actor {
  userId: string;
  role: Role;
  /** Set for role `barber`: the barber this account belongs to. */
  barberId: string | null;
  name: string;
  email: string;
}

/** Every RPC request carries the correlation id of the HTTP request that caused it. */
export interface RpcMeta {
  correlationId?: string;
}
