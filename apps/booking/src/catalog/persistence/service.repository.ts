import { EntityManager } from 'typeorm';
import { queryRows } from '../../shared/persistence/sql';
import { Service } from '../domain/service';

interface ServiceRow {
  id: string;
  name: string;
  duration_minutes: number;
  price_cents: number;
  currency: string;
  active: boolean;
  created_at: Date;
}

function toService(row: ServiceRow): Service {
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
  async insert(manager: EntityManager, service: Service): Promise<void> {
    await manager.query(
      `INSERT INTO services (id, name, duration_minutes, price_cents, currency, active, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [service.id, service.name, service.durationMinutes, service.priceCents, service.currency, service.active, service.createdAt],
    );
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
