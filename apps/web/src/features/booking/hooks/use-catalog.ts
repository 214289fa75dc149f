import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../../api/client';

export function useBarbers() {
  return useQuery({ queryKey: ['barbers'], queryFn: () => call(api.GET('/barbers')) });
}

export function useBarber(barberId: string) {
  return useQuery({ queryKey: ['barber', barberId], queryFn: () => call(api.GET('/barbers/{id}', { params: { path: { id: barberId } } })) });
}

export function useServices() {
  return useQuery({ queryKey: ['services'], queryFn: () => call(api.GET('/services')) });
}
