import { EntityManager } from 'typeorm';
import { TimeOff } from '../domain/time-off';

export const timeOffRepository = {
  async insert(manager: EntityManager, timeOff: TimeOff): Promise<void> {
    await manager.query(
      `INSERT INTO time_off (id, barber_id, starts_at, ends_at, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [timeOff.id, timeOff.barberId, timeOff.startsAt, timeOff.endsAt, timeOff.reason, timeOff.createdAt],
    );
  },
};
