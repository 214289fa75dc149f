import { Controller } from '@nestjs/common';
import { BOOKING_RPC, CreateServiceRequest, ServiceResource } from '@app/contracts';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { toServiceResource } from '../persistence/service.mapper';
import { CreateServiceUseCase } from '../use-cases/create-service/create-service.use-case';
import { ListServicesUseCase } from '../use-cases/list-services/list-services.use-case';

@Controller()
export class CatalogRpcController {
  constructor(
    private readonly createService: CreateServiceUseCase,
    private readonly listServices: ListServicesUseCase,
  ) {}

  @MessagePattern(BOOKING_RPC.createService)
  async create(@Payload() request: CreateServiceRequest): Promise<ServiceResource> {
    return toServiceResource(await this.createService.execute(request));
  }

  @MessagePattern(BOOKING_RPC.listServices)
  async list(): Promise<ServiceResource[]> {
    return (await this.listServices.execute()).map(toServiceResource);
  }
}
