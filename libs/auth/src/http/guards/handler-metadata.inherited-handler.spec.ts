// Threat: one inherited handler, two controllers. Route metadata was remembered per handler only, so
// when two controllers share a method through a base class, whichever was called first decided for
// both: a staff user reached a class-level @RequireGroups('admin') controller once its open sibling
// had been called, and one controller's @VerifyElevation operation stood for the other's.
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../domain/auth-error';
import { RequireGroups } from '../decorators/require-groups.decorator';
import { ACCESS_CONTEXT } from '../request-context';
import { GroupsGuard } from './groups.guard';
import { HandlerMetadata } from './handler-metadata';

class BaseController {
  remove() {}
}
class OpenController extends BaseController {}
@RequireGroups('admin')
class AdminController extends BaseController {}

const staff = { identity: { userId: 'u1', username: 'ann', groups: ['staff'] }, accessToken: 'tkn' };

function contextOf(controller: typeof BaseController): ExecutionContext {
  const request = { headers: {}, [ACCESS_CONTEXT]: staff };
  return {
    getType: () => 'http',
    getClass: () => controller,
    getHandler: () => BaseController.prototype.remove,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

describe('route metadata of a handler shared by two controllers', () => {
  it('keeps each controller’s own requirement, whichever is called first', () => {
    const guard = new GroupsGuard(new Reflector());
    expect(guard.canActivate(contextOf(OpenController))).toBe(true);
    expect(() => guard.canActivate(contextOf(AdminController))).toThrow(ForbiddenError);
  });

  it('derives once per controller and handler', () => {
    let derived = 0;
    const metadata = new HandlerMetadata<string[] | undefined>(new Reflector(), 'stepgate:required-groups', (value) => {
      derived++;
      return value as string[] | undefined;
    });
    metadata.of(contextOf(OpenController));
    metadata.of(contextOf(AdminController));
    metadata.of(contextOf(OpenController));
    metadata.of(contextOf(AdminController));
    expect(derived).toBe(2);
  });
});
