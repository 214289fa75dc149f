import { z } from 'zod';
import { appointmentStatus, id, instant } from './common';

export const appointmentResourceV1 = z.object({
  id,
  bookingId: id,
  barberId: id,
  customerId: id,
  customerName: z.string(),
  serviceName: z.string(),
  startsAt: instant,
  endsAt: instant,
  status: appointmentStatus,
  updatedAt: instant,
});

export const appointmentCreatedV1 = z.object({
  appointmentId: id,
  bookingId: id,
  barberId: id,
});

export const appointmentUpdatedV1 = z.object({ appointment: appointmentResourceV1 });
