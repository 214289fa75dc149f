import { ServiceResource } from '@app/contracts';
import { Service } from '../domain/service';

export function toServiceResource(service: Service): ServiceResource {
  return {
    id: service.id,
    name: service.name,
    durationMinutes: service.durationMinutes,
    priceCents: service.priceCents,
    currency: service.currency,
    active: service.active,
  };
}
