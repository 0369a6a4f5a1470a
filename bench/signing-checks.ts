import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDbVerdictStore } from '../functions/adapters/dynamodb/dynamodb-verdict-store';
import type { DigestReference } from '../functions/core/image-reference';
import { cosign } from '../test/harness/verifiers';

/** Every image the worker handled is VERIFIED in the table: a benchmark of failures would be worthless. */
export async function expectVerified(
  store: DynamoDbVerdictStore,
  images: readonly DigestReference[],
): Promise<void> {
  for (const image of images) {
    const verdict = await store.get(image);
    if (verdict?.status !== 'VERIFIED')
      throw new Error(`${image.repository}@${image.digest} is ${verdict?.status ?? 'unknown'}, not VERIFIED`);
  }
}

/** cosign verifies what the worker wrote, through the same proxies. */
export async function expectCosignVerifies(
  dir: string,
  publicKeyPem: string,
  image: DigestReference,
): Promise<void> {
  const keyFile = join(dir, 'cosign.pub');
  writeFileSync(keyFile, publicKeyPem);
  const ref = `${image.registry}/${image.repository}@${image.digest}`;
  const out = await cosign(['verify', '--key', keyFile, '--insecure-ignore-tlog=true', ref]);
  if (out.code !== 0) throw new Error(`cosign verify failed on what image-trust signed: ${out.stderr}`);
}
