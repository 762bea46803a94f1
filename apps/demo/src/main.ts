import { Logger } from '@nestjs/common';
import { createDemoApp } from './create-demo-app';
import { demoConfigFromEnv, storageSummary } from './demo-config';
import { DEMO_USERS } from './demo-users';

async function main(): Promise<void> {
  const config = demoConfigFromEnv();
  const app = await createDemoApp(config);
  await app.listen(config.port, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  const logger = new Logger('Demo');
  logger.log(`Stepgate demo listening on ${url} (${storageSummary(config)})`);
  logger.log(`OpenAPI docs: ${url}/docs`);
  if (config.seed) {
    logger.log(`Demo users: ${DEMO_USERS.map((user) => `${user.username} / ${user.password} (${user.groups.join(', ')})`).join('; ')}`);
  }
  if (config.accessPin) logger.log('DEMO_ACCESS_PIN is set: every sign-in continues at POST /auth/validate/access-pin with { "options": { "pin": ... } }');
  logger.log(`Try: curl -s ${url}/auth/login -H 'content-type: application/json' -d '{"username":"alice","password":"alice-demo-password"}'`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
