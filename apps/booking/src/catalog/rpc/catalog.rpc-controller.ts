import { RpcHandler } from '@app/platform';
import { Controller } from '@nestjs/common';
import { BOOKING_RPC, CreateServiceRequest, GetServiceRequest, ListServicesRequest, ServiceResource, UpdateServiceRequest, BOOKING_RPC_TABLE } from '@app/contracts';
import { toServiceResource } from '../persistence/service.mapper';
import { CreateServiceUseCase } from '../use-cases/create-service/create-service.use-case';
import { GetServiceUseCase } from '../use-cases/get-service/get-service.use-case';
import { ListServicesUseCase } from '../use-cases/list-services/list-services.use-case';
import { UpdateServiceUseCase } from '../use-cases/update-service/update-service.use-case';

@Controller()
export class CatalogRpcController {
  constructor(
    private readonly createService: CreateServiceUseCase,
    private readonly listServices: ListServicesUseCase,
    private readonly getService: GetServiceUseCase,
    private readonly updateService: UpdateServiceUseCase,
  ) {}

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.createService)
  async create(request: CreateServiceRequest): Promise<ServiceResource> {
    return toServiceResource(await this.createService.execute(request));
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.listServices)
  async list(request: ListServicesRequest): Promise<ServiceResource[]> {
    return (await this.listServices.execute(request)).map(toServiceResource);
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.getService)
  async get(request: GetServiceRequest): Promise<ServiceResource> {
    return toServiceResource(await this.getService.execute(request));
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.updateService)
  async update(request: UpdateServiceRequest): Promise<ServiceResource> {
    return toServiceResource(await this.updateService.execute(request));
  }
}
