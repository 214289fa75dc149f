import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, call, type Barber } from '../../api/client';
import { Banner, ErrorMessage } from '../../components/ui/banner';
import { zoneName } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { timeZones } from './admin-words';
import { SelectField } from './components/select-field';
import { formText } from './components/form-text';
import { adminKeys, updateBarber, useAdminBarbersIncludingInactive } from './hooks/use-admin-api';
import { QueryList } from './components/query-list';

/** Barbers, inactive ones too: add, edit, take off the booking pages and back. */
export function BarbersPage() {
  useDocumentTitle('Barbers · Admin');
  const barbers = useAdminBarbersIncludingInactive();
  return (
    <>
      <h1>Barbers</h1>
      <AddBarber />
      <h2>All barbers</h2>
      <QueryList query={barbers} what="barbers" empty="No barbers yet: add the first one above.">
        {(barber) => <BarberCard key={barber.id} barber={barber} />}
      </QueryList>
    </>
  );
}

function TimeZoneField({ defaultValue = 'Europe/London' }: { defaultValue?: string }) {
  const zones = timeZones();
  const options = zones.includes(defaultValue) ? zones : [defaultValue, ...zones];
  return (
    <SelectField label="Time zone" name="timeZone" defaultValue={defaultValue} required>
      {options.map((zone) => (
        <option key={zone} value={zone}>
          {zone}
        </option>
      ))}
    </SelectField>
  );
}

function AddBarber() {
  const queryClient = useQueryClient();
  const headingId = useId();
  const create = useMutation({
    mutationFn: (body: { name: string; timeZone: string; description: string | null }) => call(api.POST('/barbers', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.barbers }),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const text = formText(form);
    const description = text('description').trim();
    create.mutate({ name: text('name').trim(), timeZone: text('timeZone'), description: description || null }, { onSuccess: () => form.reset() });
  };
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Add a barber</h2>
      <form className="stack" onSubmit={submit}>
        <label>
          Name
          <input name="name" required maxLength={100} autoComplete="off" />
        </label>
        <TimeZoneField />
        <label>
          Description (optional)
          <textarea name="description" rows={2} maxLength={500} />
        </label>
        {create.isError && <ErrorMessage error={create.error} />}
        {create.isSuccess && <Banner tone="success">Added {create.data.name}. Set their weekly hours so customers can book them.</Banner>}
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add barber'}
        </button>
      </form>
    </section>
  );
}

function BarberCard({ barber }: { barber: Barber }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const sentenceId = useId();
  const update = useMutation({
    mutationFn: (body: Parameters<typeof updateBarber>[1]) => updateBarber(barber.id, body),
    onSuccess: () => {
      setEditing(false);
      return queryClient.invalidateQueries({ queryKey: adminKeys.barbers });
    },
  });
  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = formText(event.currentTarget);
    const description = text('description').trim();
    update.mutate({ name: text('name').trim(), timeZone: text('timeZone'), description: description || null });
  };
  return (
    <li className={barber.active ? 'card' : 'card inactive'}>
      <h3>
        {barber.name} {!barber.active && <span className="muted">(inactive)</span>}
      </h3>
      <p>
        Works in {zoneName(barber.timeZone)} ({barber.timeZone}).
        {barber.description && <> {barber.description}</>}
      </p>
      <p id={sentenceId}>
        {barber.active
          ? `Deactivating hides ${barber.name} from customers and refuses new bookings with them; existing bookings stay as they are.`
          : `${barber.name} is hidden from customers and takes no new bookings; existing bookings stay. Reactivating shows them again.`}
      </p>
      {editing ? (
        <form className="stack" onSubmit={save} aria-label={`Edit ${barber.name}`}>
          <label>
            Name
            <input name="name" required maxLength={100} defaultValue={barber.name} autoComplete="off" />
          </label>
          <TimeZoneField defaultValue={barber.timeZone} />
          <p className="hint">A new time zone keeps the same weekly hours on that zone’s clock; held and booked times stay as they are.</p>
          <label>
            Description (optional)
            <textarea name="description" rows={2} maxLength={500} defaultValue={barber.description ?? ''} />
          </label>
          <div className="actions">
            <button type="submit" className="primary" disabled={update.isPending}>
              Save changes
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="actions">
          <button type="button" onClick={() => setEditing(true)}>
            Edit <span className="visually-hidden">{barber.name}</span>
          </button>
          <button type="button" onClick={() => update.mutate({ active: !barber.active })} disabled={update.isPending} aria-describedby={sentenceId}>
            {barber.active ? 'Deactivate ' : 'Reactivate '}
            <span className="visually-hidden">{barber.name}</span>
          </button>
        </div>
      )}
      {update.isError && <ErrorMessage error={update.error} />}
    </li>
  );
}
