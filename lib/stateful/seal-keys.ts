import { Stack } from 'aws-cdk-lib';
import { SEAL_KEY_IDS } from '../../functions/runtime/environment-names';
import type { GranteeFunction } from './grantee-function';
import type { OtherSigningKeys } from './other-signing-keys';
import type { SigningKey } from './signing-key';

/**
 * Lets a lookup function check verdict seals: SEAL_KEY_IDS names the signing key and the key set's
 * verifying keys (not the retired ones), and the function may call kms:GetPublicKey on exactly those
 * keys, nothing else on them. The trusted keys thus come from the deployment, never from the table.
 */
export function bindSealKeys(fn: GranteeFunction, active: SigningKey, others: OtherSigningKeys): void {
  // toJsonString: the created key's ARN is a token until deploy.
  fn.addEnvironment(SEAL_KEY_IDS, Stack.of(fn).toJsonString([active.keyId, ...others.verifyingKeyIds]));
  active.grantGetPublicKey(fn);
  others.grantGetVerifyingPublicKeys(fn);
}
