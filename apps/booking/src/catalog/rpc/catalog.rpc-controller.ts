import { Controller } from '@nestjs/common';
import { BOOKING_RPC, CreateServiceRequest, ListServicesRequest, ServiceResource, UpdateServiceRequest } from '@app/contracts';
import { MessagePattern, Payload } from '@nestjs/microservices';
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

  @MessagePattern(BOOKING_RPC.createService)
  async create(@Payload() request: CreateServiceRequest): Promise<ServiceResource> {
    return toServiceResource(await this.createService.execute(request));
  }

  @MessagePattern(BOOKING_RPC.listServices)
  async list(@Payload() request: ListServicesRequest): Promise<ServiceResource[]> {
    return (await this.listServices.execute(request)).map(toServiceResource);
  }

  @MessagePattern(BOOKING_RPC.getService)
  async get(@Payload() request: { serviceId?: unknown }): Promise<ServiceResource> {
    return toServiceResource(await this.getService.execute(request));
  }

  @MessagePattern(BOOKING_RPC.updateService)
  async update(@Payload() request: UpdateServiceRequest): Promise<ServiceResource> {
    return toServiceResource(await this.updateService.execute(request));
  }
}
