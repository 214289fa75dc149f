import { SEND_WITH_NEXT, queryRows } from '@app/platform';
import { AppointmentStatus } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { Appointment, BookingFactKind } from '../domain/appointment';

interface AppointmentRow {
  id: string;
  booking_id: string;
  barber_id: string;
  customer_id: string;
  customer_name: string | null;
  service_name: string | null;
  starts_at: Date;
  ends_at: Date;
  status: AppointmentStatus;
  last_fact_kind: BookingFactKind;
  last_fact_at: Date;
  updated_at: Date;
  created_at: Date;
}

function toAppointment(row: AppointmentRow): Appointment {
  return {
    id: row.id,
    bookingId: row.booking_id,
    barberId: row.barber_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    serviceName: row.service_name,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    status: row.status,
    lastFact: { kind: row.last_fact_kind, occurredAt: new Date(row.last_fact_at) },
    updatedAt: new Date(row.updated_at),
    createdAt: new Date(row.created_at),
  };
}

export const appointmentRepository = {
  async findById(manager: EntityManager, id: string): Promise<Appointment | null> {
    const [row] = await queryRows<AppointmentRow>(manager, 'SELECT * FROM appointments WHERE id = $1', [id]);
    return row ? toAppointment(row) : null;
  },

  async lockById(manager: EntityManager, id: string): Promise<Appointment | null> {
    const [row] = await queryRows<AppointmentRow>(manager, 'SELECT * FROM appointments WHERE id = $1 FOR UPDATE', [id]);
    return row ? toAppointment(row) : null;
  },

  async lockByBookingId(manager: EntityManager, bookingId: string): Promise<Appointment | null> {
    const [row] = await queryRows<AppointmentRow>(manager, 'SELECT * FROM appointments WHERE booking_id = $1 FOR UPDATE', [bookingId]);
    return row ? toAppointment(row) : null;
  },

  /** Insert unless the booking already has one (a concurrent first fact won; same id, derived from the booking's): true when inserted. */
  async insertIfAbsent(manager: EntityManager, a: Appointment): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `INSERT INTO appointments (id, booking_id, barber_id, customer_id, customer_name, service_name, starts_at, ends_at,
                                 status, last_fact_kind, last_fact_at, updated_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        a.id,
        a.bookingId,
        a.barberId,
        a.customerId,
        a.customerName,
        a.serviceName,
        a.startsAt,
        a.endsAt,
        a.status,
        a.lastFact.kind,
        a.lastFact.occurredAt,
        a.updatedAt,
        a.createdAt,
      ],
    );
    return rows.length > 0;
  },

  /**
   * Write an appointment the caller has locked. Nobody reads the answer, so inside a transaction
   * the statement goes to PostgreSQL with the next one (SEND_WITH_NEXT): only a bug (a CHECK) can
   * make it fail, and that fails the transaction all the same.
   */
  async save(manager: EntityManager, a: Appointment): Promise<void> {
    await manager.query(
      `${SEND_WITH_NEXT}UPDATE appointments SET customer_name = $2, service_name = $3, status = $4, last_fact_kind = $5, last_fact_at = $6, updated_at = $7,
                               starts_at = $8, ends_at = $9
       WHERE id = $1`,
      [a.id, a.customerName, a.serviceName, a.status, a.lastFact.kind, a.lastFact.occurredAt, a.updatedAt, a.startsAt, a.endsAt],
    );
  },

  /** Booking ids of appointments still pending and unchanged since `before`, oldest first. */
  async findStalePendingBookingIds(manager: EntityManager, before: Date, limit: number): Promise<string[]> {
    const rows = await queryRows<{ booking_id: string }>(
      manager,
      "SELECT booking_id FROM appointments WHERE status = 'pending' AND updated_at < $1 ORDER BY updated_at, id LIMIT $2",
      [before, limit],
    );
    return rows.map((row) => row.booking_id);
  },

  /** A barber's appointments starting in [start, end), by start. */
  async listByBarber(manager: EntityManager, barberId: string, start: Date, end: Date): Promise<Appointment[]> {
    const rows = await queryRows<AppointmentRow>(
      manager,
      'SELECT * FROM appointments WHERE barber_id = $1 AND starts_at >= $2 AND starts_at < $3 ORDER BY starts_at, id',
      [barberId, start, end],
    );
    return rows.map(toAppointment);
  },

  async listByBarberWithStatus(manager: EntityManager, barberId: string, start: Date, end: Date, statuses: AppointmentStatus[]): Promise<Appointment[]> {
    const rows = await queryRows<AppointmentRow>(
      manager,
      `SELECT * FROM appointments
        WHERE barber_id = $1 AND starts_at >= $2 AND starts_at < $3 AND status = ANY($4::text[])
        ORDER BY starts_at, id`,
      [barberId, start, end, statuses],
    );
    return rows.map(toAppointment);
  },
};
