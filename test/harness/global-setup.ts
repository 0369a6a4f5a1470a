import { startDynamoDbLocal } from '../../bin/local/services/dynamodb-local';
import { startRegistry } from '../../bin/local/services/registry';
import type { ServiceProcess } from '../../bin/local/services/service-process';

/**
 * Starts the real services that the integration tests share, once per jest run, each on a free
 * loopback port with its own temporary data, and prints how long each took to start. Workers find
 * them through environment variables (see test/harness/services.ts).
 */
export default async function globalSetup(): Promise<void> {
  const started = performance.now();
  const [registry, dynamodb] = await Promise.all([startRegistry(), startDynamoDbLocal()]);
  const services: ServiceProcess[] = [registry, dynamodb];
  (globalThis as { __imageTrustServices?: ServiceProcess[] }).__imageTrustServices = services;
  process.env.IT_REGISTRY_URL = registry.url;
  process.env.IT_DYNAMODB_ENDPOINT = dynamodb.endpoint;
  // The SDK clients under test must never find real credentials or reach AWS.
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTESTIMAGETRUST';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';
  process.env.AWS_REGION = 'us-east-1';
  delete process.env.AWS_PROFILE;
  const lines = services.map((s) => `  ${s.name.padEnd(16)} ${s.startMs.toFixed(0).padStart(6)} ms`);
  process.stdout.write(
    `\nservices started in ${(performance.now() - started).toFixed(0)} ms (in parallel):\n${lines.join('\n')}\n`,
  );
}
