import { Controller } from '@nestjs/common';
import { BarberResource, BOOKING_RPC, CreateBarberRequest, GetBarberRequest, ListBarbersRequest, UpdateBarberRequest } from '@app/contracts';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { toBarberResource } from '../persistence/barber.mapper';
import { CreateBarberUseCase } from '../use-cases/create-barber/create-barber.use-case';
import { GetBarberUseCase } from '../use-cases/get-barber/get-barber.use-case';
import { ListBarbersUseCase } from '../use-cases/list-barbers/list-barbers.use-case';
import { UpdateBarberUseCase } from '../use-cases/update-barber/update-barber.use-case';

@Controller()
export class BarbersRpcController {
  constructor(
    private readonly createBarber: CreateBarberUseCase,
    private readonly listBarbers: ListBarbersUseCase,
    private readonly getBarber: GetBarberUseCase,
    private readonly updateBarber: UpdateBarberUseCase,
  ) {}

  @MessagePattern(BOOKING_RPC.createBarber)
  async create(@Payload() request: CreateBarberRequest): Promise<BarberResource> {
    return toBarberResource(await this.createBarber.execute(request));
  }

  @MessagePattern(BOOKING_RPC.listBarbers)
  async list(@Payload() request: ListBarbersRequest): Promise<BarberResource[]> {
    return (await this.listBarbers.execute(request)).map(toBarberResource);
  }

  @MessagePattern(BOOKING_RPC.getBarber)
  async get(@Payload() request: GetBarberRequest): Promise<BarberResource> {
    return toBarberResource(await this.getBarber.execute(request));
  }

  @MessagePattern(BOOKING_RPC.updateBarber)
  async update(@Payload() request: UpdateBarberRequest): Promise<BarberResource> {
    return toBarberResource(await this.updateBarber.execute(request));
  }
}
