import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthValidationPipe } from '@stepgate/auth';
import type { DemoConfig } from './demo-config';
import { DemoModule } from './demo.module';
import { answerClientError } from './client-errors';
import { acceptBackchannelLogoutFormOnExpress, acceptBackchannelLogoutFormOnFastify } from './backchannel-logout-form';

export type HttpPlatform = 'express' | 'fastify';

// DESIGN.md section 5: bodies are size-limited; past this the client gets 413 PAYLOAD_TOO_LARGE.
export const BODY_LIMIT_BYTES = 100 * 1024;

/** Builds the demo app on either HTTP adapter, configured the same way for `main.ts`, tests and benchmarks. */
export async function createDemoApp(config: DemoConfig, options: { platform?: HttpPlatform; logger?: LogLevel[] | LoggerService | false } = {}): Promise<INestApplication> {
  const module = DemoModule.register(config);
  const logger = options.logger ?? ['log', 'warn', 'error'];
  let app: INestApplication;
  if (options.platform === 'fastify') {
    const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, frameworkErrors: refuseMalformedUrl, clientErrorHandler: answerClientError });
    // JSON only, as on Express: Nest's default parsers would also accept urlencoded forms.
    const fastify = await NestFactory.create<NestFastifyApplication>(module, adapter, { bodyParser: false, logger });
    fastify.useBodyParser('application/json', { bodyLimit: BODY_LIMIT_BYTES });
    acceptBackchannelLogoutFormOnFastify(fastify);
    app = fastify;
  } else {
    const express = await NestFactory.create<NestExpressApplication>(module, { bodyParser: false, logger });
    express.useBodyParser('json', { limit: BODY_LIMIT_BYTES });
    acceptBackchannelLogoutFormOnExpress(express);
    // Names the framework to scanners and serves no client; Fastify sends no such header.
    express.disable('x-powered-by');
    // Node's parser answers an oversized header block before Express runs, with an empty body.
    express.getHttpServer().on('clientError', answerClientError);
    app = express;
  }
  serveOpenApi(app, options.platform ?? 'express');
  app.useGlobalPipes(new AuthValidationPipe());
  app.enableShutdownHooks();
  return app;
}

/** /docs-json (and /docs-yaml) on both adapters; the /docs page also on Fastify when @fastify/static is installed. */
function serveOpenApi(app: INestApplication, platform: HttpPlatform): void {
  const document = () =>
    SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('Stepgate demo').setDescription('Authentication for NestJS').addBearerAuth().build());
  // Swagger UI's assets need @fastify/static on Fastify, and a missing package there ends the process.
  SwaggerModule.setup('docs', app, document, { ui: platform === 'express' || isInstalled('@fastify/static') });
}

function isInstalled(packageName: string): boolean {
  try {
    require.resolve(packageName);
    return true;
  } catch {
    return false;
  }
}

// Fastify's router refuses a malformed URL or an over-long path parameter before Nest sees the
// request, with a body echoing the path; DESIGN.md section 4 wants every error as problem+json.
function refuseMalformedUrl(_error: Error, _request: unknown, reply: FastifyReply): void {
  const body = { type: 'urn:stepgate:problem:validation-failed', title: 'Validation failed', status: 400, detail: 'The request URL is malformed.', code: 'VALIDATION_FAILED' };
  void reply.code(400).header('content-type', 'application/problem+json').header('cache-control', 'no-store').send(JSON.stringify(body));
}
