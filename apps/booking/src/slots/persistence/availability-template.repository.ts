import { queryRows } from '@app/platform';
import { EntityManager } from 'typeorm';
import { AvailabilityTemplate, WeeklyRange } from '../domain/availability';

interface TemplateRow {
  barber_id: string;
  slot_minutes: number;
  weekly: WeeklyRange[];
}

export const availabilityTemplateRepository = {
  async find(manager: EntityManager, barberId: string): Promise<AvailabilityTemplate | null> {
    const rows = await queryRows<TemplateRow>(
      manager,
      'SELECT barber_id, slot_minutes, weekly FROM availability_templates WHERE barber_id = $1',
      [barberId],
    );
    return rows[0] ? { slotMinutes: rows[0].slot_minutes, weekly: rows[0].weekly } : null;
  },

  async save(manager: EntityManager, barberId: string, template: AvailabilityTemplate, now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO availability_templates (barber_id, slot_minutes, weekly, updated_at) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (barber_id) DO UPDATE SET slot_minutes = EXCLUDED.slot_minutes, weekly = EXCLUDED.weekly,
                                             updated_at = EXCLUDED.updated_at`,
      [barberId, template.slotMinutes, JSON.stringify(template.weekly), now],
    );
  },

  /** Barbers (active) that have a template: the daily extension walks them. */
  async listBarbersWithTemplate(manager: EntityManager): Promise<Array<{ barberId: string; timeZone: string; template: AvailabilityTemplate }>> {
    const rows = await queryRows<TemplateRow & { time_zone: string }>(
      manager,
      `SELECT t.barber_id, t.slot_minutes, t.weekly, b.time_zone
         FROM availability_templates t JOIN barbers b ON b.id = t.barber_id
        WHERE b.active ORDER BY t.barber_id`,
    );
    return rows.map((row) => ({
      barberId: row.barber_id,
      timeZone: row.time_zone,
      template: { slotMinutes: row.slot_minutes, weekly: row.weekly },
    }));
  },
};
