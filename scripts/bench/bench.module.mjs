// A bench-only root module: the demo app as it ships, plus trivial routes that return the same
// small JSON, so the ratios between them are the cost of what guards each route and nothing else.
// Plain JS (no decorator syntax): decorators are applied with Reflect.decorate, as tsc would emit.
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { Controller, Get, Injectable, Module, UseGuards } from '@nestjs/common';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { decorateMethod } from './lib/decorate.mjs';

const require = createRequire(import.meta.url);
const { DemoModule } = require('../../apps/demo/dist/demo.module.js');
const { Public, RequireGroups, VerifyElevation } = require('@stepgate/auth');

const SMALL_BODY = { ok: true };

/** The reference: passport-jwt as the NestJS authentication recipe sets it up (string secret, HS256). */
function jwtStrategyFor(secret) {
  class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
    constructor() {
      super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), ignoreExpiration: false, secretOrKey: secret });
    }

    async validate(payload) {
      return { userId: payload.sub, username: payload.username };
    }
  }
  return Reflect.decorate([Injectable()], JwtStrategy);
}

class BenchController {
  publicRoute() {
    return SMALL_BODY;
  }

  secureRoute() {
    return SMALL_BODY;
  }

  adminRoute() {
    return SMALL_BODY;
  }

  passportRoute() {
    return SMALL_BODY;
  }

  elevatedRoute() {
    return SMALL_BODY;
  }
}
decorateMethod(BenchController, 'publicRoute', [Public(), Get('public')]);
decorateMethod(BenchController, 'secureRoute', [Get('secure')]);
decorateMethod(BenchController, 'adminRoute', [RequireGroups('admin'), Get('admin')]);
// An hour, so the elevation granted before the warm-up outlives the whole run.
decorateMethod(BenchController, 'elevatedRoute', [VerifyElevation('bench_report', { maxAge: 3600 }), Get('elevated')]);
// @Public() takes the route out of Stepgate's global guard, so only passport guards it.
decorateMethod(BenchController, 'passportRoute', [Public(), UseGuards(AuthGuard('jwt')), Get('passport-jwt')]);
const DecoratedBenchController = Reflect.decorate([Controller('bench')], BenchController);

/** @param {{ demoConfig: object, passportSecret: string }} options */
export function benchModule({ demoConfig, passportSecret }) {
  class BenchModule {}
  return Reflect.decorate(
    [
      Module({
        imports: [DemoModule.register(demoConfig), PassportModule],
        controllers: [DecoratedBenchController],
        providers: [jwtStrategyFor(passportSecret)],
      }),
    ],
    BenchModule,
  );
}
