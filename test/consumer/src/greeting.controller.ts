import { Controller, Get } from '@nestjs/common';
import { CurrentIdentity, Public, RequireGroups, type Identity } from '@stepgate/auth';

@Controller()
export class GreetingController {
  @Public()
  @Get('health')
  health(): { ok: true } {
    return { ok: true };
  }

  @Get('hello')
  hello(@CurrentIdentity() identity: Identity): { hello: string } {
    return { hello: identity.username };
  }

  @RequireGroups('admin')
  @Get('admin/report')
  report(): { report: string } {
    return { report: 'for admins' };
  }
}
