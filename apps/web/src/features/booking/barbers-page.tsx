import { Link } from 'react-router';
import { ErrorMessage } from '../../components/ui/banner';
import { Loading } from '../../components/ui/loading';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useBarbers } from './hooks/use-catalog';

/** Step 1: choose a barber. */
export function BarbersPage() {
  const barbers = useBarbers();
  useDocumentTitle('Choose a barber');
  return (
    <>
      <h1>Choose a barber</h1>
      {barbers.isPending && <Loading what="barbers" />}
      {barbers.isError && <ErrorMessage error={barbers.error} />}
      {barbers.data?.length === 0 && <p>No barber takes bookings at the moment. Please come back later.</p>}
      {barbers.data && barbers.data.length > 0 && (
        <ul className="choices">
          {barbers.data.map((barber) => (
            <li key={barber.id}>
              <Link className="choice" to={`/barbers/${barber.id}`}>
                <span className="choice-title">{barber.name}</span>
                {barber.description && <span className="choice-detail">{barber.description}</span>}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
