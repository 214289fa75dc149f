import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, call, type Service } from '../../api/client';
import { Banner, ErrorMessage } from '../../components/ui/banner';
import { Money } from '../../components/ui/money';
import { formatDuration } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { fromMinorUnits, toMinorUnits } from './admin-words';
import { SelectField } from './components/select-field';
import { formText } from './components/form-text';
import { adminKeys, updateService, useAdminServicesIncludingInactive } from './hooks/use-admin-api';
import { QueryList } from './components/query-list';

const CURRENCIES = ['gbp', 'eur', 'usd'] as const;

/** The price list, retired services too: add, change, retire and restore. */
export function ServicesPage() {
  useDocumentTitle('Services · Admin');
  const services = useAdminServicesIncludingInactive();
  return (
    <>
      <h1>Services</h1>
      <AddService />
      <h2>All services</h2>
      <QueryList query={services} what="services" empty="No services yet: add the first one above.">
        {(service) => <ServiceCard key={service.id} service={service} />}
      </QueryList>
    </>
  );
}

/** The price as typed, in minor units; a sentence when it is not an amount. */
function readPrice(text: string, currency: string): { priceCents: number } | { problem: string } {
  const priceCents = toMinorUnits(text, currency);
  return priceCents === null ? { problem: `The price must be an amount in ${currency.toUpperCase()}, like 25.00.` } : { priceCents };
}

function AddService() {
  const queryClient = useQueryClient();
  const headingId = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: { name: string; durationMinutes: number; priceCents: number; currency: string }) => call(api.POST('/services', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.services }),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const text = formText(form);
    const currency = text('currency');
    const price = readPrice(text('price'), currency);
    if ('problem' in price) return setProblem(price.problem);
    setProblem(null);
    create.mutate(
      { name: text('name').trim(), durationMinutes: Number(text('durationMinutes')), priceCents: price.priceCents, currency },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Add a service</h2>
      <form className="stack" onSubmit={submit}>
        <label>
          Name
          <input name="name" required maxLength={100} autoComplete="off" />
        </label>
        <label>
          Duration in minutes
          <input name="durationMinutes" type="number" min={5} max={480} step={5} required defaultValue={30} />
        </label>
        <label>
          Price
          <input name="price" inputMode="decimal" required placeholder="25.00" autoComplete="off" />
        </label>
        <SelectField label="Currency" name="currency" defaultValue="gbp">
          {CURRENCIES.map((currency) => (
            <option key={currency} value={currency}>
              {currency.toUpperCase()}
            </option>
          ))}
        </SelectField>
        {problem && <Banner tone="error">{problem}</Banner>}
        {create.isError && <ErrorMessage error={create.error} />}
        {create.isSuccess && <Banner tone="success">Added {create.data.name}.</Banner>}
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add service'}
        </button>
      </form>
    </section>
  );
}

function ServiceCard({ service }: { service: Service }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const sentenceId = useId();
  const { active } = service;
  const update = useMutation({
    mutationFn: (body: Parameters<typeof updateService>[1]) => updateService(service.id, body),
    onSuccess: () => {
      setEditing(false);
      return queryClient.invalidateQueries({ queryKey: adminKeys.services });
    },
  });
  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = formText(event.currentTarget);
    const price = readPrice(text('price'), service.currency);
    if ('problem' in price) return setProblem(price.problem);
    setProblem(null);
    update.mutate({ name: text('name').trim(), durationMinutes: Number(text('durationMinutes')), priceCents: price.priceCents });
  };
  return (
    <li className={active ? 'card' : 'card inactive'}>
      <h3>
        {service.name} {!active && <span className="muted">(retired)</span>}
      </h3>
      <p>
        <Money minorUnits={service.priceCents} currency={service.currency} /> · {formatDuration(service.durationMinutes)}
      </p>
      <p id={sentenceId}>
        {active
          ? `Retiring takes ${service.name} off the price list and refuses new bookings of it; existing bookings stay.`
          : `${service.name} is off the price list and takes no new bookings; existing bookings stay. Restoring puts it back.`}
      </p>
      {editing ? (
        <form className="stack" onSubmit={save} aria-label={`Change ${service.name}`}>
          <label>
            Name
            <input name="name" required maxLength={100} defaultValue={service.name} autoComplete="off" />
          </label>
          <label>
            Duration in minutes
            <input name="durationMinutes" type="number" min={5} max={480} step={5} required defaultValue={service.durationMinutes} />
          </label>
          <label>
            Price in {service.currency.toUpperCase()}
            <input name="price" inputMode="decimal" required defaultValue={fromMinorUnits(service.priceCents, service.currency)} autoComplete="off" />
          </label>
          <p className="hint">Existing bookings keep their price; a new price applies to bookings made from now on.</p>
          {problem && <Banner tone="error">{problem}</Banner>}
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
            Change <span className="visually-hidden">{service.name}</span>
          </button>
          <button type="button" onClick={() => update.mutate({ active: !active })} disabled={update.isPending} aria-describedby={sentenceId}>
            {active ? 'Retire ' : 'Restore '}
            <span className="visually-hidden">{service.name}</span>
          </button>
        </div>
      )}
      {update.isError && <ErrorMessage error={update.error} />}
      {update.isSuccess && !editing && <Banner tone="success">{changeSentence(update.variables, update.data)}</Banner>}
    </li>
  );
}

function changeSentence(change: Parameters<typeof updateService>[1], service: Service): string {
  if (change.active === false) return `Retired ${service.name}: it is off the price list.`;
  if (change.active === true) return `Restored ${service.name}: it is on the price list again.`;
  return `Saved ${service.name}. Existing bookings keep their price.`;
}
