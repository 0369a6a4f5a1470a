import { KMSClient } from '@aws-sdk/client-kms';
import type { DynamoDbVerdictStore } from '../../functions/adapters/dynamodb/dynamodb-verdict-store';
import { KmsSigner } from '../../functions/adapters/kms/kms-signer';
import type { Verdict } from '../../functions/core/verdict/verdict';
import { sealVerdict } from '../../functions/core/verdict/verdict-seal';
import type { KmsEmulator } from '../emulators/kms';
import { putVerdictItem } from './sealed-records';
import { TEST_SEAL_VALID_UNTIL } from './test-seals';

/**
 * Seals a VERIFIED `verdict` in `store` with the KMS key `keyId` on the emulator, as the signer does
 * (sealVerdict: one KMS Sign), so that a lookup function configured with that key (SEAL_KEY_IDS) allows it.
 */
export async function sealWithKms(
  store: DynamoDbVerdictStore,
  verdict: Verdict,
  kms: KmsEmulator,
  keyId: string,
): Promise<Verdict> {
  const client = new KMSClient({
    endpoint: kms.endpoint,
    region: kms.region,
    credentials: { accessKeyId: 'AKIDTESTIMAGETRUST', secretAccessKey: 'test-secret' },
  });
  const validUntil = verdict.validUntil ?? TEST_SEAL_VALID_UNTIL;
  const seal = await sealVerdict(
    new KmsSigner(client, keyId),
    {
      registry: verdict.registry,
      repository: verdict.repository,
      digest: verdict.digest,
      status: verdict.status,
      ...(verdict.policyVersion === undefined ? {} : { policyVersion: verdict.policyVersion }),
      validUntil,
      revision: verdict.version,
    },
    new Date(),
  );
  const sealed = { ...verdict, validUntil, seal };
  await putVerdictItem(store, sealed);
  client.destroy();
  return sealed;
}
