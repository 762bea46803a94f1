import { Controller, Get, Header, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '../openapi/swagger';
import { GetJwksQuery } from '../../application/tokens/get-jwks.query';
import { GetStepOptionsQuery } from '../../application/steps/get-step-options.query';
import { ApiProblems } from '../decorators/api-problems.decorator';
import { Public } from '../decorators/public.decorator';
import { JwksDto } from '../dto/responses.dto';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';

@ApiTags('discovery')
@Public()
@Controller('auth')
@UseFilters(ProblemDetailsFilter)
export class DiscoveryController {
  constructor(private readonly queries: QueryBus) {}

  @Get('options')
  @ApiOperation({ summary: 'The JSON Schema of every configured sign-in step, keyed by step' })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: { type: 'object' } } })
  @ApiProblems({})
  options(): Promise<Record<string, object>> {
    return this.queries.execute(new GetStepOptionsQuery());
  }

  @Get('.well-known/jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'The public keys that verify access tokens issued by the module' })
  @ApiOkResponse({ type: JwksDto })
  @ApiProblems({})
  jwks() {
    return this.queries.execute(new GetJwksQuery());
  }
}
