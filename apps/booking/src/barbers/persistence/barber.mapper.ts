import { BarberResource } from '@app/contracts';
import { Barber } from '../domain/barber';

export function toBarberResource(barber: Barber): BarberResource {
  return {
    id: barber.id,
    name: barber.name,
    timeZone: barber.timeZone,
    description: barber.description,
    active: barber.active,
  };
}
