import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { createVerdictTable } from '../../../functions/adapters/dynamodb/create-verdict-table';
import { DynamoDbPublicKeyStore } from '../../../functions/adapters/dynamodb/dynamodb-public-key-store';
import { KmsSigner } from '../../../functions/adapters/kms/kms-signer';
import type { KeyState } from '../../../functions/core/ports/public-key-store';
import { imageSigning } from '../../../functions/core/signing/image-signing';
import { shortFingerprint, trustedKeys } from '../../../functions/core/signing/key-set';
import { publishKeySet } from '../../../functions/core/signing/publish-key-set';
import { verifyImage } from '../../../functions/core/signing/verify-image';
import { pushImage, type PushedImage } from '../../harness/image-builder';
import { sharedDynamoDbEndpoint, sharedRegistryHost } from '../../harness/services';
import { cosign, skopeoVerifyCopy } from '../../harness/verifiers';
import { refString, startSigningFixture, type SigningFixture } from './signing-fixture';

/**
 * A rotation from start to end, as the README's runbook does it: a second KMS key is made and published
 * as `verifying`, then made active; images signed by either key verify (cosign with each key, skopeo
 * with both, image-trust's verifier with the set); a re-evaluation re-signs an old image with the new
 * key; the old key is retired and trusted no more. KMS emulator, DynamoDB Local, the real registry.
 */
describe('rotating the signing key', () => {
  let f: SigningFixture;
  let kms: KMSClient;
  let dynamo: DynamoDBClient;
  let store: DynamoDbPublicKeyStore;
  let dir: string;
  let oldKey: KmsSigner;
  let newKey: KmsSigner;
  let oldPem: string;
  let newPem: string;
  const scan = undefined;
  const member = (signer: KmsSigner, state: KeyState) => ({
    keyId: signer.keyId,
    state,
    publicKeyPem: () => signer.publicKeyPem(),
  });
  const cosignVerify = (image: PushedImage, pem: string) => {
    const path = join(dir, `${shortFingerprint(pem)}.pub`);
    writeFileSync(path, pem);
    return cosign(['verify', '--insecure-ignore-tlog=true', '--key', path, refString(image.reference)]);
  };

  beforeAll(async () => {
    f = await startSigningFixture(`alias/rotation-old-${process.pid}-${Date.now()}`);
    const newAlias = `alias/rotation-new-${process.pid}-${Date.now()}`;
    newPem = f.kms.createKey(newAlias.replace(/^alias\//, '')).publicKeyPem;
    oldPem = f.publicKeyPem;
    kms = new KMSClient({ endpoint: f.kms.endpoint, region: f.kms.region });
    oldKey = new KmsSigner(kms, f.alias);
    newKey = new KmsSigner(kms, newAlias);
    dynamo = new DynamoDBClient({ endpoint: sharedDynamoDbEndpoint(), region: f.kms.region });
    const tableName = `rotation-${process.pid}-${Date.now()}`;
    await createVerdictTable(dynamo, tableName);
    store = new DynamoDbPublicKeyStore({ client: dynamo, tableName });
    dir = mkdtempSync(join(tmpdir(), 'image-trust-test-rotation-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    kms.destroy();
    dynamo.destroy();
    await f.stop();
  });

  it('signs with the active key only, trusts both keys meanwhile, and re-signs before retiring the old one', async () => {
    // 1. Before: the old key alone, active. An image is signed with it.
    await publishKeySet(store, [member(oldKey, 'active')]);
    const before = await pushImage(sharedRegistryHost(), 'rotation/before', { tags: 'v1' });
    await imageSigning({ registry: f.registry, signer: oldKey }).signAndVerify(
      before.reference,
      scan,
      new Date(),
    );
    const leftBehind = await pushImage(sharedRegistryHost(), 'rotation/left-behind');
    await imageSigning({ registry: f.registry, signer: oldKey }).signAndVerify(
      leftBehind.reference,
      scan,
      new Date(),
    );

    // 2. The new key is published as verifying: listed, trusted, not signing yet.
    await publishKeySet(store, [member(oldKey, 'active'), member(newKey, 'verifying')]);
    expect((await store.get())?.keyId).toBe(oldKey.keyId);
    expect(await store.list()).toEqual([
      { keyId: oldKey.keyId, state: 'active', pem: oldPem, fingerprint: shortFingerprint(oldPem) },
      { keyId: newKey.keyId, state: 'verifying', pem: newPem, fingerprint: shortFingerprint(newPem) },
    ]);

    // 3. The new key made active: GET /v1/public-key now serves it; new images are signed with it.
    const rotated = await publishKeySet(store, [member(newKey, 'active'), member(oldKey, 'verifying')]);
    expect(await store.get()).toEqual({ keyId: newKey.keyId, pem: newPem });
    const after = await pushImage(sharedRegistryHost(), 'rotation/after', { tags: 'v1' });
    const signed = await imageSigning({ registry: f.registry, signer: newKey }).signAndVerify(
      after.reference,
      scan,
      new Date(),
    );
    expect(signed.keyId).toBe(newKey.keyId);

    // Each image verifies with the key that signed it, and only with that one (cosign 2.5).
    expect((await cosignVerify(before, oldPem)).code).toBe(0);
    expect((await cosignVerify(after, newPem)).code).toBe(0);
    expect((await cosignVerify(before, newPem)).code).not.toBe(0);
    expect((await cosignVerify(after, oldPem)).code).not.toBe(0);
    // skopeo 1.18 with a policy listing both keys (sigstoreSigned keyPaths) accepts both images.
    for (const image of [before, after]) {
      const copied = await skopeoVerifyCopy(refString(image.reference), [oldPem, newPem]);
      expect(copied.stderr).toBe('');
      expect(copied.code).toBe(0);
    }
    // image-trust's verifier with the set: any key not retired.
    for (const image of [before, after]) {
      expect((await verifyImage(f.registry, trustedKeys(rotated), image.reference)).ok).toBe(true);
    }

    // 4. Re-sign: a re-evaluation signs the old image again, with the active key (the old signature stays).
    const resigned = await imageSigning({ registry: f.registry, signer: newKey }).signAndVerify(
      before.reference,
      scan,
      new Date(),
    );
    expect(resigned.keyId).toBe(newKey.keyId);
    expect((await cosignVerify(before, newPem)).code).toBe(0);
    expect((await cosignVerify(before, oldPem)).code).toBe(0);

    // 5. The old key retired: still listed (so verifiers see it went), trusted by nobody.
    const retired = await publishKeySet(store, [member(newKey, 'active'), member(oldKey, 'retired')]);
    expect((await store.list())?.map((k) => [k.keyId, k.state])).toEqual([
      [newKey.keyId, 'active'],
      [oldKey.keyId, 'retired'],
    ]);
    const trusted = trustedKeys(retired);
    expect((await verifyImage(f.registry, trusted, before.reference)).ok).toBe(true);
    expect((await verifyImage(f.registry, trusted, after.reference)).ok).toBe(true);
    const stale = await verifyImage(f.registry, trusted, leftBehind.reference);
    expect(stale.ok).toBe(false);
    expect(stale.reasons.join('\n')).toMatch(/does not verify with the trusted key/);
    const onlyNew = await skopeoVerifyCopy(refString(leftBehind.reference), [newPem]);
    expect(onlyNew.code).not.toBe(0);
    expect(onlyNew.stderr).toMatch(/signature verification failed/);
  });

  it('refuses a key set without exactly one active key, or naming a key twice', async () => {
    await expect(publishKeySet(store, [member(oldKey, 'verifying')])).rejects.toThrow(
      /exactly one active key, not 0/,
    );
    await expect(publishKeySet(store, [member(oldKey, 'active'), member(newKey, 'active')])).rejects.toThrow(
      /exactly one active key, not 2/,
    );
    const sameKeyByAlias = { ...member(oldKey, 'verifying'), keyId: 'alias/another-name' };
    await expect(publishKeySet(store, [member(oldKey, 'active'), sameKeyByAlias])).rejects.toThrow(
      /lists [0-9a-f]{16} twice/,
    );
    await expect(
      publishKeySet(store, [member(oldKey, 'active'), member(oldKey, 'verifying')]),
    ).rejects.toThrow(/lists alias\/rotation-old-.* twice/);
  });

  it('trusts nothing when every key is retired', async () => {
    const image = await pushImage(sharedRegistryHost(), 'rotation/none');
    const result = await verifyImage(f.registry, [], image.reference);
    expect(result.ok).toBe(false);
    expect(result.reasons).toContain(`${image.digest}: no trusted key: every key of the set is retired`);
  });
});
