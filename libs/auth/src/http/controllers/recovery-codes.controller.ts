import { Controller, HttpCode, HttpStatus, Post, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '../openapi/swagger';
import { RegenerateRecoveryCodesCommand } from '../../application/mfa/regenerate-recovery-codes.command';
import type { AccessContext } from '../../application/tokens/access-context';
import { ApiProblems } from '../decorators/api-problems.decorator';
import { CurrentIdentity } from '../decorators/current-identity.decorator';
import { NoStore } from '../decorators/no-store.decorator';
import { VerifyElevation } from '../decorators/verify-elevation.decorator';
import { RecoveryCodesDto } from '../dto/responses.dto';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';

@ApiTags('mfa')
@ApiBearerAuth()
@NoStore()
@Controller('auth/recovery-codes')
@UseFilters(ProblemDetailsFilter)
export class RecoveryCodesController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @VerifyElevation('regenerate_recovery_codes')
  @ApiOperation({ summary: 'New recovery codes, behind a step-up elevation for regenerate_recovery_codes; the old ones are void' })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiProblems(
    { 400: 'VALIDATION_FAILED (TOTP is not enabled)', 403: 'MFA_REQUIRED (step up for operation_id, then retry)', 429: 'TOO_MANY_ATTEMPTS (the session started too many step-up operations; Retry-After)' },
    { bearer: true },
  )
  async regenerate(@CurrentIdentity('access') caller: AccessContext): Promise<RecoveryCodesDto> {
    const { recoveryCodes } = await this.commands.execute(new RegenerateRecoveryCodesCommand(caller.identity.userId));
    return { recovery_codes: [...recoveryCodes] };
  }
}
