import { queryRows } from '@app/platform';
import { EntityManager } from 'typeorm';
import { Barber } from '../domain/barber';

export interface BarberRow {
  id: string;
  name: string;
  time_zone: string;
  description: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export function toBarber(row: BarberRow): Barber {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    description: row.description,
    active: row.active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const barberRepository = {
  async insert(manager: EntityManager, barber: Barber): Promise<void> {
    await manager.query(
      `INSERT INTO barbers (id, name, time_zone, description, active, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [barber.id, barber.name, barber.timeZone, barber.description, barber.active, barber.createdAt, barber.updatedAt],
    );
  },

  /** An active barber by id (callers have checked the id is a UUID). */
  async findActive(manager: EntityManager, id: string): Promise<Barber | null> {
    const rows = await queryRows<BarberRow>(manager, 'SELECT * FROM barbers WHERE id = $1 AND active', [id]);
    return rows[0] ? toBarber(rows[0]) : null;
  },

  /** Active or not: slots and bookings of a deactivated barber still need its time zone. */
  async findById(manager: EntityManager, id: string): Promise<Barber | null> {
    const rows = await queryRows<BarberRow>(manager, 'SELECT * FROM barbers WHERE id = $1', [id]);
    return rows[0] ? toBarber(rows[0]) : null;
  },

  async listActive(manager: EntityManager): Promise<Barber[]> {
    const rows = await queryRows<BarberRow>(manager, 'SELECT * FROM barbers WHERE active ORDER BY name, id');
    return rows.map(toBarber);
  },

  async listAll(manager: EntityManager): Promise<Barber[]> {
    const rows = await queryRows<BarberRow>(manager, 'SELECT * FROM barbers ORDER BY name, id');
    return rows.map(toBarber);
  },

  /** The row locked for an edit (FOR UPDATE), active or not. */
  async lockById(manager: EntityManager, id: string): Promise<Barber | null> {
    const rows = await queryRows<BarberRow>(manager, 'SELECT * FROM barbers WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] ? toBarber(rows[0]) : null;
  },

  async update(manager: EntityManager, barber: Barber): Promise<void> {
    await manager.query(
      'UPDATE barbers SET name = $2, time_zone = $3, description = $4, active = $5, updated_at = $6 WHERE id = $1',
      [barber.id, barber.name, barber.timeZone, barber.description, barber.active, barber.updatedAt],
    );
  },
};
