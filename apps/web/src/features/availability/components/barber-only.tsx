import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, call, type Barber } from '../../../api/client';
import { useSession } from '../../../auth/session';
import { SignInForm } from '../../../auth/sign-in-form';
import { Banner, ErrorMessage } from '../../../components/ui/banner';
import { Loading } from '../../../components/ui/loading';

/** The page's content for the signed-in barber (their barber loaded, for its zone); a sentence for anyone else. */
export function BarberOnly({ title, children }: { title: string; children: (barber: Barber) => ReactNode }) {
  const { session } = useSession();
  const barberId = session?.user.role === 'barber' ? (session.user.barberId ?? null) : null;
  const barber = useQuery({
    queryKey: ['barber', barberId ?? ''],
    queryFn: () => call(api.GET('/barbers/{id}', { params: { path: { id: barberId ?? '' } } })),
    enabled: barberId !== null,
  });
  if (!session)
    return (
      <>
        <h1>{title}</h1>
        <SignInForm heading="Sign in as a barber" />
      </>
    );
  if (!barberId)
    return (
      <>
        <h1>{title}</h1>
        <Banner tone="warning">This page is for barbers. You are signed in as {session.user.name}, who is not a barber.</Banner>
      </>
    );
  if (barber.isPending) return <Loading what="your details" />;
  if (barber.isError)
    return (
      <>
        <h1>{title}</h1>
        <ErrorMessage error={barber.error} />
      </>
    );
  return <>{children(barber.data)}</>;
}
