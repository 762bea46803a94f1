// Threat: a GraphQL resolver reading the previous caller. A resolver rides an HTTP request that a
// keep-alive connection shares, so the request context must be reset for GraphQL too, and
// `@CurrentIdentity()` must read the request the guard authenticated, not `switchToHttp()`'s.
import type { ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { describe, expect, it } from 'vitest';
import { CurrentIdentity } from '../decorators/current-identity.decorator';
import { ACCESS_CONTEXT, getIdentity, requestContext } from '../request-context';
import { RequestContextGuard } from './request-context.guard';

const ann = { userId: 'u1', username: 'ann', groups: ['staff'] };

function graphqlContext(request: object): ExecutionContext {
  const args = [{}, {}, { req: request }, {}];
  return {
    getType: () => 'graphql',
    getArgByIndex: (index: number) => args[index],
    getArgs: () => args,
    switchToHttp: () => ({ getRequest: () => args[0] }),
  } as unknown as ExecutionContext;
}

function factoryOf(decorator: () => ParameterDecorator): (data: unknown, context: ExecutionContext) => unknown {
  class Resolver {
    field(@decorator() _value: unknown) {}
  }
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Resolver, 'field');
  return args[Object.keys(args)[0]].factory;
}

describe('GraphQL resolvers and the request context', () => {
  it('starts each GraphQL operation with an empty context, whatever the connection held before', () => {
    const guard = new RequestContextGuard();
    requestContext.enterWith({ access: { identity: ann, accessToken: 'previous' } as never });
    expect(getIdentity()).toEqual(ann);

    guard.canActivate(graphqlContext({ headers: {} }));

    expect(getIdentity()).toBeUndefined();
  });

  it('gives @CurrentIdentity() the caller the guard put on the GraphQL context’s request', () => {
    const request = { headers: {}, [ACCESS_CONTEXT]: { identity: ann, accessToken: 't' } };

    expect(factoryOf(CurrentIdentity)(undefined, graphqlContext(request))).toEqual(ann);
  });
});
