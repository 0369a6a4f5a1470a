import { KMSClient } from '@aws-sdk/client-kms';
import { KmsSigner } from '../../../functions/adapters/kms/kms-signer';
import { OciRegistryClient } from '../../../functions/adapters/registry/oci-registry-client';
import type { ScanSummary } from '../../../functions/core/scan/scan-summary';
import type { SigningDeps } from '../../../functions/core/signing/signing-deps';
import { startKmsEmulator, type KmsEmulator } from '../../emulators/kms';

/** The signing core wired to the real registry and a fresh key in the KMS emulator, through real clients. */
export interface SigningFixture {
  readonly kms: KmsEmulator;
  readonly deps: SigningDeps;
  readonly registry: OciRegistryClient;
  readonly alias: string;
  readonly publicKeyPem: string;
  stop(): Promise<void>;
}

export async function startSigningFixture(
  alias = `alias/signing-${process.pid}-${Date.now()}`,
): Promise<SigningFixture> {
  const kms = await startKmsEmulator();
  const created = kms.createKey(alias.replace(/^alias\//, ''));
  const client = new KMSClient({ endpoint: kms.endpoint, region: kms.region });
  const signer = new KmsSigner(client, alias);
  const registry = new OciRegistryClient();
  return {
    kms,
    deps: { registry, signer },
    registry,
    alias,
    publicKeyPem: created.publicKeyPem,
    stop: async () => {
      client.destroy();
      await kms.stop();
    },
  };
}

export const refString = (r: { registry: string; repository: string; digest: string }): string =>
  `${r.registry}/${r.repository}@${r.digest}`;

/** A completed Trivy scan with no findings, for the tests that sign an attestation of one. */
export const CLEAN_TRIVY_SCAN: ScanSummary = {
  source: 'trivy',
  scanner: { uri: 'https://github.com/aquasecurity/trivy', version: '0.58.0' },
  completedAt: '2026-11-26T10:01:00Z',
  severityCounts: {},
  findings: [],
};
