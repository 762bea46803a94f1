import { generateKeyPairSync } from 'node:crypto';
import { Module } from '@nestjs/common';
import { AuthModule } from '@stepgate/auth';
import { GreetingController } from './greeting.controller';

// A fresh key per process keeps the check self-contained; a real app loads one made by stepgate-keygen.
const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

/** The smallest adoption: memory persistence and stores (the defaults), every route guarded. */
@Module({
  imports: [AuthModule.forRoot({ signingKey: { privateKey: signingKey }, password: { memoryCost: 1024, timeCost: 1 } })],
  controllers: [GreetingController],
})
export class AppModule {}
