import { Link, useParams } from 'react-router';
import { ErrorMessage } from '../../components/ui/banner';
import { Loading } from '../../components/ui/loading';
import { Money } from '../../components/ui/money';
import { formatDuration } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useBarber, useServices } from './hooks/use-catalog';

/** Step 2: choose a service (price in its currency, duration). */
export function ServicesPage() {
  const { barberId = '' } = useParams();
  const barber = useBarber(barberId);
  const services = useServices();
  useDocumentTitle(barber.data ? `Choose a service with ${barber.data.name}` : 'Choose a service');
  return (
    <>
      <p className="crumbs">
        <Link to="/">All barbers</Link>
      </p>
      <h1>{barber.data ? `What would you like from ${barber.data.name}?` : 'Choose a service'}</h1>
      {(barber.isPending || services.isPending) && <Loading what="services" />}
      {barber.isError && <ErrorMessage error={barber.error} />}
      {services.isError && <ErrorMessage error={services.error} />}
      {barber.data && services.data && (
        <ul className="choices">
          {services.data.map((service) => (
            <li key={service.id}>
              <Link className="choice" to={`/barbers/${barberId}/services/${service.id}`}>
                <span className="choice-title">{service.name}</span>
                <span className="choice-detail">
                  <Money minorUnits={service.priceCents} currency={service.currency} /> · {formatDuration(service.durationMinutes)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
