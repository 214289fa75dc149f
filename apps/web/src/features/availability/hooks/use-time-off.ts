import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../../api/client';

export type TimeOff = Schemas['TimeOffResponse'];
export interface NewTimeOff {
  startsAt: string;
  endsAt: string;
  reason: string | null;
}

export const timeOffKey = (barberId: string) => ['time-off', barberId] as const;

/** The barber's future time off, by start. */
export function useTimeOff(barberId: string) {
  return useQuery({
    queryKey: timeOffKey(barberId),
    queryFn: () => call(api.GET('/barbers/{id}/time-off', { params: { path: { id: barberId } } })),
  });
}

export function useAddTimeOff(barberId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (timeOff: NewTimeOff) => call(api.POST('/barbers/{id}/time-off', { params: { path: { id: barberId } }, body: timeOff })),
    onSuccess: (added) => {
      queryClient.setQueryData<TimeOff[]>(timeOffKey(barberId), (list) => [...(list ?? []), added].sort((a, b) => a.startsAt.localeCompare(b.startsAt)));
      void queryClient.invalidateQueries({ queryKey: ['slots', barberId] });
    },
  });
}

export function useRemoveTimeOff(barberId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (timeOffId: string) => {
      await call(api.DELETE('/barbers/{id}/time-off/{timeOffId}', { params: { path: { id: barberId, timeOffId } } }));
      return timeOffId;
    },
    onSuccess: (timeOffId) => {
      queryClient.setQueryData<TimeOff[]>(timeOffKey(barberId), (list) => list?.filter((item) => item.id !== timeOffId));
      void queryClient.invalidateQueries({ queryKey: ['slots', barberId] });
    },
  });
}
