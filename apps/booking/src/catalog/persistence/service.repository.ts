import { pgErrorOf, queryRows, UNIQUE_VIOLATION } from '@app/platform';
import { EntityManager } from 'typeorm';
import { ServiceNameTakenError } from '../domain/service.errors';
import { Service } from '../domain/service';

export interface ServiceRow {
  id: string;
  name: string;
  duration_minutes: number;
  price_cents: number;
  currency: string;
  active: boolean;
  created_at: Date;
}

/** The partial unique index over active services' names (migration 1765000016000). */
const ACTIVE_NAME_INDEX = 'services_active_name_unique';

async function refuseTakenName(name: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const pg = pgErrorOf(error);
    if (pg.code === UNIQUE_VIOLATION && pg.constraint === ACTIVE_NAME_INDEX) throw new ServiceNameTakenError(name);
    throw error;
  }
}

export function toService(row: ServiceRow): Service {
  return {
    id: row.id,
    name: row.name,
    durationMinutes: row.duration_minutes,
    priceCents: row.price_cents,
    currency: row.currency,
    active: row.active,
    createdAt: row.created_at,
  };
}

export const serviceRepository = {
  /** SERVICE_NAME_TAKEN when another active service has the name (the unique index decides). */
  async insert(manager: EntityManager, service: Service): Promise<void> {
    await refuseTakenName(service.name, () =>
      manager.query(
        `INSERT INTO services (id, name, duration_minutes, price_cents, currency, active, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [service.id, service.name, service.durationMinutes, service.priceCents, service.currency, service.active, service.createdAt],
      ),
    );
  },

  async update(manager: EntityManager, service: Service): Promise<void> {
    await refuseTakenName(service.name, () =>
      manager.query('UPDATE services SET name = $2, duration_minutes = $3, price_cents = $4, active = $5 WHERE id = $1', [
        service.id,
        service.name,
        service.durationMinutes,
        service.priceCents,
        service.active,
      ]),
    );
  },

  /** Active or retired (existing bookings still name a retired service). */
  async findById(manager: EntityManager, id: string): Promise<Service | null> {
    const rows = await queryRows<ServiceRow>(manager, 'SELECT * FROM services WHERE id = $1', [id]);
    return rows[0] ? toService(rows[0]) : null;
  },

  async listAll(manager: EntityManager): Promise<Service[]> {
    const rows = await queryRows<ServiceRow>(manager, 'SELECT * FROM services ORDER BY active DESC, name, id');
    return rows.map(toService);
  },

  async findActive(manager: EntityManager, id: string): Promise<Service | null> {
    const rows = await queryRows<ServiceRow>(manager, 'SELECT * FROM services WHERE id = $1 AND active', [id]);
    return rows[0] ? toService(rows[0]) : null;
  },

  async listActive(manager: EntityManager): Promise<Service[]> {
    const rows = await queryRows<ServiceRow>(manager, 'SELECT * FROM services WHERE active ORDER BY name, id');
    return rows.map(toService);
  },
};
