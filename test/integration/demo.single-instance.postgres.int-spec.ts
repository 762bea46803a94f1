// Threat: instances on one PostgreSQL database that each keep flow state and attempt counters in
// their own memory (a sign-in step on another instance fails; every throttle counts per instance).
// The module refuses that pairing unless told one instance is intended; the demo, run without
// REDIS_URL, is one instance, so it says so, starts, and logs what a second instance would need.
import type { LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuthModule, memoryStores, StoresNotSharedError } from '@stepgate/auth';
import { dataSourceOptionsFromUrl, typeormPersistence } from '@stepgate/auth/typeorm';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest, signIn, startDemo, TEST_SIGNING_KEY } from '../e2e/support/demo-app';
import { assertServicesAnswer, TEST_DATABASE_URL } from '../e2e/support/services';

const boot = (dataSource: DataSource, extra: { singleInstance?: boolean }) =>
  Test.createTestingModule({
    imports: [AuthModule.forRoot({ signingKey: { privateKey: TEST_SIGNING_KEY }, persistence: typeormPersistence(dataSource), stores: memoryStores(), ...extra })],
  }).compile();

describe('PostgreSQL persistence with in-memory stores', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    await assertServicesAnswer();
    dataSource = await new DataSource(dataSourceOptionsFromUrl(TEST_DATABASE_URL)).initialize();
  });
  afterAll(() => dataSource?.destroy());

  it('is a start-up error without singleInstance', async () => {
    await expect(boot(dataSource, {})).rejects.toBeInstanceOf(StoresNotSharedError);
  });

  it('starts with singleInstance: true', async () => {
    const module = await boot(dataSource, { singleInstance: true });
    await module.close();
  });
});

describe('the demo on PostgreSQL without REDIS_URL', () => {
  let demo: DemoUnderTest;
  const warnings: string[] = [];
  const logger: LoggerService = { log: () => {}, error: () => {}, warn: (message: unknown) => void warnings.push(String(message)) };
  beforeAll(async () => {
    await assertServicesAnswer();
    demo = await startDemo({ databaseUrl: TEST_DATABASE_URL, logger });
  });
  afterAll(() => demo?.close());

  it('starts as a single instance, says so in its log, and signs users in', async () => {
    expect(warnings.some((line) => /REDIS_URL is not set.*singleInstance/.test(line))).toBe(true);
    expect((await signIn(demo, 'alice')).access_token).toEqual(expect.any(String));
  });
});
