import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../../api/client';

export type WeeklyHours = Schemas['WeeklyHoursDto'];
export type AvailabilityTemplate = Schemas['AvailabilityTemplateResponse'];
export type AvailabilityPreview = Schemas['AvailabilityPreviewResponse'];
export type AvailabilitySaved = Schemas['AvailabilityResponse'];
export interface AvailabilityChange {
  slotMinutes: number;
  weekly: WeeklyHours[];
}

export const availabilityKey = (barberId: string) => ['availability', barberId] as const;

/** The barber's weekly template (`weekly` empty when no hours were ever set). */
export function useAvailability(barberId: string) {
  return useQuery({
    queryKey: availabilityKey(barberId),
    queryFn: () => call(api.GET('/barbers/{id}/availability', { params: { path: { id: barberId } } })),
  });
}

/** What saving `change` would do to the free slots over the horizon; nothing is changed. */
export function usePreviewAvailability(barberId: string) {
  return useMutation({
    mutationFn: (change: AvailabilityChange) => call(api.POST('/barbers/{id}/availability/preview', { params: { path: { id: barberId } }, body: change })),
  });
}

export function useSaveAvailability(barberId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: AvailabilityChange) => call(api.PUT('/barbers/{id}/availability', { params: { path: { id: barberId } }, body: change })),
    onSuccess: (saved) => {
      queryClient.setQueryData<AvailabilityTemplate>(availabilityKey(barberId), { barberId, slotMinutes: saved.slotMinutes, weekly: saved.weekly });
      // The free times customers see were regenerated.
      void queryClient.invalidateQueries({ queryKey: ['slots', barberId] });
    },
  });
}
