import { useId, type ReactNode } from 'react';
import type { AvailabilityPreview } from '../hooks/use-availability';

/** "2027-01-06" → "Wed 6 Jan": short enough for a table at 390 px. */
function shortDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(Date.UTC(year, month - 1, day, 12)));
}

const times = (count: number) => `${count} free ${count === 1 ? 'time' : 'times'}`;

/** What saving the new hours would do, before anything is saved; `children` is the Save button. */
export function PreviewOfChanges({ preview, children }: { preview: AvailabilityPreview; children: ReactNode }) {
  const headingId = useId();
  const nothing = preview.slotsAdded === 0 && preview.slotsRemoved === 0;
  return (
    <section className="card preview" aria-labelledby={headingId}>
      <h2 id={headingId}>What saving changes</h2>
      <p>{nothing ? 'No free times change.' : `${times(preview.slotsAdded)} added, ${times(preview.slotsRemoved)} removed over the coming days.`}</p>
      <p>
        <strong>Booked appointments are never touched.</strong>{' '}
        {preview.heldOrBookedKept === 0
          ? 'None fall outside the new hours.'
          : `${preview.heldOrBookedKept} booked or held ${preview.heldOrBookedKept === 1 ? 'time falls' : 'times fall'} outside the new hours and ${preview.heldOrBookedKept === 1 ? 'is' : 'are'} kept as ${preview.heldOrBookedKept === 1 ? 'it is' : 'they are'}.`}
      </p>
      {preview.days.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption>Changes by day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Added</th>
                <th scope="col">Removed</th>
                <th scope="col">Booked, kept</th>
              </tr>
            </thead>
            <tbody>
              {preview.days.map((day) => (
                <tr key={day.date}>
                  <th scope="row">
                    <time dateTime={day.date}>{shortDate(day.date)}</time>
                  </th>
                  <td>{day.added}</td>
                  <td>{day.removed}</td>
                  <td>{day.kept}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions">{children}</div>
    </section>
  );
}
