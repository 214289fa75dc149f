import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, call, type Barber, type User } from '../../api/client';
import { useSession } from '../../auth/session';
import { Banner, ErrorMessage } from '../../components/ui/banner';
import { useDocumentTitle } from '../../lib/use-document-title';
import { SelectField } from './components/select-field';
import { formText } from './components/form-text';
import { adminKeys, updateStaffAccount, useAdminBarbersIncludingInactive, useStaff } from './hooks/use-admin-api';
import { QueryList } from './components/query-list';

/** Sign-in accounts for barbers and admins: add, rename, deactivate. */
export function StaffPage() {
  useDocumentTitle('Staff accounts · Admin');
  const staff = useStaff();
  const barbers = useAdminBarbersIncludingInactive();
  const barberName = (id: string | null) => barbers.data?.find((barber) => barber.id === id)?.name ?? null;
  return (
    <>
      <h1>Staff accounts</h1>
      <AddAccount barbers={barbers.data ?? []} />
      <h2>All staff accounts</h2>
      <QueryList query={staff} what="staff accounts">
        {(account) => <AccountCard key={account.id} account={account} barberName={barberName(account.barberId)} />}
      </QueryList>
    </>
  );
}

function AddAccount({ barbers }: { barbers: Barber[] }) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const [role, setRole] = useState<'barber' | 'admin'>('barber');
  const create = useMutation({
    mutationFn: (body: { name: string; email: string; password: string; role: 'barber' | 'admin'; barberId?: string }) =>
      call(api.POST('/admin/users', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.staff }),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const text = formText(form);
    create.mutate(
      {
        name: text('name').trim(),
        email: text('email').trim(),
        password: text('password'),
        role,
        ...(role === 'barber' ? { barberId: text('barberId') } : {}),
      },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Add a staff account</h2>
      <form className="stack" onSubmit={submit}>
        <SelectField label="Role" name="role" value={role} onChange={(event) => setRole(event.target.value === 'admin' ? 'admin' : 'barber')}>
          <option value="barber">Barber</option>
          <option value="admin">Admin</option>
        </SelectField>
        <p className="hint">{role === 'barber' ? 'A barber sees and manages their own day, hours and time off.' : 'An admin runs the whole shop, this console included.'}</p>
        {role === 'barber' && (
          <SelectField label="Barber" name="barberId" required defaultValue="">
            <option value="" disabled>
              Choose a barber
            </option>
            {barbers.map((barber) => (
              <option key={barber.id} value={barber.id}>
                {barber.name}
              </option>
            ))}
          </SelectField>
        )}
        <label>
          Name
          <input name="name" required maxLength={100} autoComplete="off" />
        </label>
        <label>
          Email
          <input name="email" type="email" required autoComplete="off" />
        </label>
        <label>
          Password
          <input name="password" type="password" required minLength={8} autoComplete="new-password" />
        </label>
        {create.isError && <ErrorMessage error={create.error} />}
        {create.isSuccess && (
          <Banner tone="success">
            Added {create.data.name} ({create.data.email}). Give them their password; they sign in on the Sign in page.
          </Banner>
        )}
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add account'}
        </button>
      </form>
    </section>
  );
}

function AccountCard({ account, barberName }: { account: User; barberName: string | null }) {
  const queryClient = useQueryClient();
  const { session } = useSession();
  const [editing, setEditing] = useState(false);
  const sentenceId = useId();
  const self = session?.user.id === account.id;
  const { active } = account;
  const update = useMutation({
    mutationFn: (body: { name?: string; active?: boolean }) => updateStaffAccount(account.id, body),
    onSuccess: () => {
      setEditing(false);
      return queryClient.invalidateQueries({ queryKey: adminKeys.staff });
    },
  });
  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update.mutate({ name: formText(event.currentTarget)('name').trim() });
  };
  return (
    <li className={active ? 'card' : 'card inactive'}>
      <h3>
        {account.name} {!active && <span className="muted">(deactivated)</span>}
      </h3>
      <p>
        {account.email} · {account.role === 'admin' ? 'Admin' : `Barber${barberName ? ` (${barberName})` : ''}`}
        {self && ' · this is you'}
      </p>
      {!self && (
        <p id={sentenceId}>
          {active
            ? 'Deactivating stops this account signing in at once; its bookings and appointments stay.'
            : 'This account cannot sign in. Reactivating lets it sign in again.'}
        </p>
      )}
      {editing ? (
        <form className="stack" onSubmit={save} aria-label={`Rename ${account.name}`}>
          <label>
            Name
            <input name="name" required maxLength={100} defaultValue={account.name} autoComplete="off" />
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
            Rename <span className="visually-hidden">{account.name}</span>
          </button>
          {!self && (
            <button type="button" onClick={() => update.mutate({ active: !active })} disabled={update.isPending} aria-describedby={sentenceId}>
              {active ? 'Deactivate ' : 'Reactivate '}
              <span className="visually-hidden">{account.name}</span>
            </button>
          )}
        </div>
      )}
      {update.isError && <ErrorMessage error={update.error} />}
    </li>
  );
}
