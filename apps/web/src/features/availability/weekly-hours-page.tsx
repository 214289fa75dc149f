import { useMemo, useState, type FormEvent } from 'react';
import type { Barber } from '../../api/client';
import { Banner, ErrorMessage } from '../../components/ui/banner';
import { Loading } from '../../components/ui/loading';
import { zoneName } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { BarberOnly } from './components/barber-only';
import { PreviewOfChanges } from './components/preview-of-changes';
import { useAvailability, usePreviewAvailability, useSaveAvailability, type AvailabilityChange, type AvailabilityTemplate } from './hooks/use-availability';
import { WEEKDAYS, fromForm, toForm, type HoursForm } from './weekly-hours-form';

/** `/barber/hours`: the weekly template, edited per weekday, previewed, then saved. */
export function WeeklyHoursPage() {
  useDocumentTitle('My hours');
  return <BarberOnly title="My weekly hours">{(barber) => <WeeklyHours barber={barber} />}</BarberOnly>;
}

function WeeklyHours({ barber }: { barber: Barber }) {
  const template = useAvailability(barber.id);
  return (
    <>
      <h1>My weekly hours</h1>
      <p className="muted">Times in {zoneName(barber.timeZone)}. Customers can book the free times these hours make.</p>
      {template.isPending && <Loading what="your hours" />}
      {template.isError && <ErrorMessage error={template.error} />}
      {template.data && <HoursEditor barber={barber} template={template.data} />}
    </>
  );
}

let nextRangeKey = 1;
const newKey = () => `range-${nextRangeKey++}`;

export function HoursEditor({ barber, template }: { barber: Barber; template: AvailabilityTemplate }) {
  const [form, setForm] = useState<HoursForm>(() => toForm(template, newKey));
  const preview = usePreviewAvailability(barber.id);
  const save = useSaveAvailability(barber.id);
  const change: AvailabilityChange | string = useMemo(() => fromForm(form), [form]);
  // The preview shown belongs to the hours it was asked for; any edit asks for a new one first.
  const [previewed, setPreviewed] = useState<string | null>(null);
  const current = typeof change === 'string' ? null : JSON.stringify(change);
  const previewIsCurrent = previewed !== null && previewed === current && preview.isSuccess;

  const edit = (next: HoursForm) => {
    setForm(next);
    save.reset();
  };

  const askPreview = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (typeof change === 'string') return;
    setPreviewed(JSON.stringify(change));
    preview.mutate(change);
  };

  return (
    <form onSubmit={askPreview} noValidate>
      <label className="narrow-field">
        Slot length (minutes)
        <input
          type="number"
          inputMode="numeric"
          min={5}
          max={240}
          step={5}
          value={form.slotMinutes}
          onChange={(event) => edit({ ...form, slotMinutes: event.target.value })}
        />
      </label>
      <div className="weekdays">
        {WEEKDAYS.map((name, index) => {
          const weekday = index + 1;
          const ranges = form.days[weekday] ?? [];
          const setRanges = (next: typeof ranges) => edit({ ...form, days: { ...form.days, [weekday]: next } });
          return (
            <fieldset key={name} className="card weekday">
              <legend>{name}</legend>
              {ranges.length === 0 && <p className="muted">Day off</p>}
              {ranges.map((range, position) => (
                <div key={range.key} className="range" role="group" aria-label={`${name} hours ${position + 1}`}>
                  <label>
                    From
                    <input type="time" required value={range.start} onChange={(event) => setRanges(ranges.map((item) => (item.key === range.key ? { ...item, start: event.target.value } : item)))} />
                  </label>
                  <label>
                    To
                    <input type="time" required value={range.end} onChange={(event) => setRanges(ranges.map((item) => (item.key === range.key ? { ...item, end: event.target.value } : item)))} />
                  </label>
                  <button type="button" onClick={() => setRanges(ranges.filter((item) => item.key !== range.key))} aria-label={`Remove ${name} hours ${position + 1}`}>
                    Remove
                  </button>
                </div>
              ))}
              <button type="button" className="link" onClick={() => setRanges([...ranges, { key: newKey(), start: ranges.length ? '' : '09:00', end: ranges.length ? '' : '17:00' }])}>
                Add hours on {name}
              </button>
            </fieldset>
          );
        })}
      </div>
      <p className="muted">To midnight: choose 00:00 as the end.</p>
      {typeof change === 'string' && <Banner tone="warning">{change}</Banner>}
      <div className="actions">
        <button type="submit" className={previewIsCurrent ? undefined : 'primary'} disabled={typeof change === 'string' || preview.isPending}>
          {preview.isPending ? 'Working out the changes…' : 'Preview changes'}
        </button>
      </div>
      {preview.isError && <ErrorMessage error={preview.error} />}
      {previewIsCurrent && preview.data && (
        <PreviewOfChanges preview={preview.data}>
          <button type="button" className="primary" disabled={save.isPending} onClick={() => {
              if (typeof change === 'string') return;
              save.mutate(change, {
                onSuccess: () => {
                  setPreviewed(null);
                  preview.reset();
                },
              });
            }}>
            {save.isPending ? 'Saving…' : 'Save hours'}
          </button>
        </PreviewOfChanges>
      )}
      {save.isError && <ErrorMessage error={save.error} />}
      {save.isSuccess && (
        <Banner tone="success">
          Saved. {save.data.slotsCreated} free {save.data.slotsCreated === 1 ? 'time' : 'times'} created and {save.data.slotsRemoved} removed; booked appointments were not
          touched.
        </Banner>
      )}
    </form>
  );
}
