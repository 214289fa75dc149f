import { RpcHandler } from '@app/platform';
import { Controller } from '@nestjs/common';
import { BarberResource, BOOKING_RPC, CreateBarberRequest, GetBarberRequest, ListBarbersRequest, UpdateBarberRequest, BOOKING_RPC_TABLE } from '@app/contracts';
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

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.createBarber)
  async create(request: CreateBarberRequest): Promise<BarberResource> {
    return toBarberResource(await this.createBarber.execute(request));
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.listBarbers)
  async list(request: ListBarbersRequest): Promise<BarberResource[]> {
    return (await this.listBarbers.execute(request)).map(toBarberResource);
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.getBarber)
  async get(request: GetBarberRequest): Promise<BarberResource> {
    return toBarberResource(await this.getBarber.execute(request));
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.updateBarber)
  async update(request: UpdateBarberRequest): Promise<BarberResource> {
    return toBarberResource(await this.updateBarber.execute(request));
  }
}
