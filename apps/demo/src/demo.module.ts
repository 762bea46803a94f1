import { DynamicModule, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AuthModule, ConsoleOtpSender, type FlowPolicy, keycloakIdentity, memoryStores, type OtpSender, redisStores, SmsWebhookOtpSender, SmtpOtpSender } from '@stepgate/auth';
import { dataSourceOptionsFromUrl, STEPGATE_ENTITIES, STEPGATE_MIGRATIONS, typeormPersistence } from '@stepgate/auth/typeorm';
import { AccessPinStep } from './access-pin.step';
import type { DemoConfig } from './demo-config';
import { DemoController } from './demo.controller';
import { DemoSeeder } from './demo-seeder';
import { CreateDemoDocuments1796342400000 } from './documents/1796342400000-create-demo-documents';
import { CreateDocumentHandler } from './documents/create-document.handler';
import { DeleteDocumentHandler } from './documents/delete-document.handler';
import { DOCUMENT_ACTIONS } from './documents/document';
import { DocumentEntity } from './documents/document.entity';
import { DocumentFinder } from './documents/document.finder';
import { documentRules } from './documents/document.policy';
import { DocumentsController } from './documents/documents.controller';
import { GetDocumentHandler } from './documents/get-document.handler';
import { ListDocumentsHandler } from './documents/list-documents.handler';
import { ExportReportHandler } from './reports/export-report.handler';
import { ListReportExportsHandler } from './reports/list-report-exports.handler';
import { ReportExports } from './reports/report-exports';
import { ReportsController } from './reports/reports.controller';
import { TransferFundsHandler } from './transfers/transfer-funds.handler';
import { TransfersController } from './transfers/transfers.controller';
import { loadOrCreateSigningKey } from './signing-key.file';

const REDIS = Symbol('demo.redis');

/** The library's tables and the demo's own, in one database: the demo's migration runs after the library's. */
function dataSourceOptions(databaseUrl: string): TypeOrmModuleOptions {
  return {
    ...dataSourceOptionsFromUrl(databaseUrl),
    entities: [...STEPGATE_ENTITIES, DocumentEntity],
    migrations: [...STEPGATE_MIGRATIONS, CreateDemoDocuments1796342400000],
    retryAttempts: 2,
    retryDelay: 500,
  };
}

/** With DEMO_ACCESS_PIN: every sign-in passes the access PIN after the password. */
const accessPinAfterPassword: FlowPolicy = ({ completedSteps }) => (completedSteps.includes('access-pin') ? [] : ['access-pin']);

/**
 * A demo pointed at PostgreSQL without REDIS_URL is what someone trying it out runs, so it starts,
 * as a single instance, and says what several instances would need instead of refusing.
 */
function persistenceFor(dataSource: DataSource, hasRedis: boolean) {
  const persistence = typeormPersistence(dataSource);
  if (persistence.shared && !hasRedis) {
    new Logger('DemoModule').warn('REDIS_URL is not set: flow state and attempt counters stay in this process (singleInstance). Set REDIS_URL before starting a second instance on this database.');
  }
  return persistence;
}

/** SMTP_URL and SMS_WEBHOOK_URL choose real delivery; without them codes are printed to the log. */
function sendersFor(config: DemoConfig): { email: OtpSender; sms: OtpSender } {
  const needsConsole = !config.smtpUrl || !config.smsWebhookUrl;
  const console = needsConsole ? new ConsoleOtpSender() : undefined;
  return {
    email: config.smtpUrl ? new SmtpOtpSender({ url: config.smtpUrl, from: config.smtpFrom ?? 'Stepgate demo <no-reply@stepgate.test>' }) : console!,
    sms: config.smsWebhookUrl ? new SmsWebhookOtpSender({ url: config.smsWebhookUrl }) : console!,
  };
}

@Module({})
export class DemoModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | undefined) {}

  static register(config: DemoConfig): DynamicModule {
    const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 }) : undefined;
    return {
      module: DemoModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl)),
        TypeOrmModule.forFeature([DocumentEntity]),
        AuthModule.forRootAsync({
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => ({
            mode: config.mode,
            signingKey: { privateKey: config.signingKeyPem ?? loadOrCreateSigningKey(config.signingKeyFile) },
            persistence: persistenceFor(dataSource, redis !== undefined),
            stores: redis ? redisStores(redis) : memoryStores(),
            // Without REDIS_URL the demo is one process by definition; see persistenceFor.
            singleInstance: !redis,
            signInThrottle: config.signInThrottle,
            sessionCheckStalenessMs: config.sessionCheckStalenessMs,
            allowStatelessSignIns: config.allowStatelessSignIns,
            password: { maxConcurrent: config.passwordMaxConcurrent, maxQueued: config.passwordMaxQueued },
            trustedProxies: config.trustedProxies,
            mfa: { senders: sendersFor(config), totp: { issuer: 'Stepgate demo' } },
            // On Keycloak the realm checks passwords and its own access tokens are accepted too.
            ...(config.keycloak ? { identity: keycloakIdentity({ ...config.keycloak, acceptRealmTokens: true }) } : {}),
            ...(config.accessPin ? { steps: [new AccessPinStep(config.accessPin)], flowPolicy: accessPinAfterPassword } : {}),
            // ABAC (DESIGN.md section 4a), checked by the documents' handlers on every path to them.
            authorization: { resources: { document: { actions: DOCUMENT_ACTIONS, finder: DocumentFinder, rules: documentRules } } },
          }),
        }),
      ],
      controllers: [DemoController, TransfersController, ReportsController, DocumentsController],
      providers: [
        { provide: REDIS, useValue: redis },
        TransferFundsHandler,
        ReportExports,
        ExportReportHandler,
        ListReportExportsHandler,
        DocumentFinder,
        CreateDocumentHandler,
        ListDocumentsHandler,
        GetDocumentHandler,
        DeleteDocumentHandler,
        ...(config.seed ? [DemoSeeder] : []),
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit();
  }
}
