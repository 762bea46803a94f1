import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthenticatedError } from '../../domain/auth-error';
import { RequireGroups } from '../decorators/require-groups.decorator';
import { ACCESS_CONTEXT } from '../request-context';
import { GroupsGuard } from './groups.guard';

class Routes {
  open() {}
  @RequireGroups('admin') adminOnly() {}
  @RequireGroups('editor', 'admin') editorOrAdmin() {}
  @RequireGroups({ allOf: ['staff', 'editor'] }) staffAndEditor() {}
  @RequireGroups({ anyOf: ['admin', 'auditor'], allOf: ['staff'] }) staffAndAdminOrAuditor() {}
}

@RequireGroups('admin')
class AdminController {
  inherited() {}
  @RequireGroups('staff') overridden() {}
}

type Handler = keyof Routes | keyof AdminController;

function contextFor(controller: new () => object, handler: Handler, groups?: string[]): ExecutionContext {
  const request = groups ? { [ACCESS_CONTEXT]: { identity: { userId: 'u', username: 'u', groups } } } : {};
  return {
    getType: () => 'http',
    getClass: () => controller,
    getHandler: () => (controller.prototype as Record<string, unknown>)[handler],
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

const guard = new GroupsGuard(new Reflector());
const allows = (handler: keyof Routes, groups: string[]) => {
  try {
    return guard.canActivate(contextFor(Routes, handler, groups));
  } catch (error) {
    if (error instanceof ForbiddenError) return false;
    throw error;
  }
};

describe('GroupsGuard', () => {
  it('lets any caller through a route without @RequireGroups', () => {
    expect(allows('open', [])).toBe(true);
  });

  it('a list of groups means any one of them', () => {
    expect(allows('editorOrAdmin', ['editor'])).toBe(true);
    expect(allows('editorOrAdmin', ['admin'])).toBe(true);
    expect(allows('editorOrAdmin', ['staff'])).toBe(false);
    expect(allows('editorOrAdmin', [])).toBe(false);
  });

  it('allOf needs every group', () => {
    expect(allows('staffAndEditor', ['staff', 'editor', 'x'])).toBe(true);
    expect(allows('staffAndEditor', ['staff'])).toBe(false);
    expect(allows('staffAndEditor', ['editor'])).toBe(false);
  });

  it('anyOf and allOf together need both', () => {
    expect(allows('staffAndAdminOrAuditor', ['staff', 'auditor'])).toBe(true);
    expect(allows('staffAndAdminOrAuditor', ['auditor'])).toBe(false);
    expect(allows('staffAndAdminOrAuditor', ['staff'])).toBe(false);
  });

  it('matches group names exactly (no prefix or case folding)', () => {
    expect(allows('adminOnly', ['Admin'])).toBe(false);
    expect(allows('adminOnly', ['admins'])).toBe(false);
    expect(allows('adminOnly', ['admin'])).toBe(true);
  });

  it('throws FORBIDDEN (not a silent false) for a caller lacking the groups', () => {
    expect(() => guard.canActivate(contextFor(Routes, 'adminOnly', ['staff']))).toThrow(ForbiddenError);
  });

  it('throws UNAUTHENTICATED when no caller was identified', () => {
    expect(() => guard.canActivate(contextFor(Routes, 'adminOnly'))).toThrow(UnauthenticatedError);
  });

  it('reads a controller-level requirement, and a method-level one overrides it', () => {
    expect(() => guard.canActivate(contextFor(AdminController, 'inherited', ['staff']))).toThrow(ForbiddenError);
    expect(guard.canActivate(contextFor(AdminController, 'inherited', ['admin']))).toBe(true);
    expect(guard.canActivate(contextFor(AdminController, 'overridden', ['staff']))).toBe(true);
  });
});
