import { parseManifest } from '../../../functions/core/cosign/oci-manifest';
import { OciRegistryClient } from '../../../functions/adapters/registry/oci-registry-client';
import { RequestCounter } from '../../../functions/adapters/registry/request-counter';
import { attestationTag, signatureTag } from '../../../functions/core/reference';
import { signImage } from '../../../functions/core/signing/sign-image';
import { sha256Digest } from '../../../functions/core/oci/digest';
import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { cosign } from '../../harness/verifiers';
import { CLEAN_TRIVY_SCAN, refString, startSigningFixture, type SigningFixture } from './signing-fixture';

const scan = CLEAN_TRIVY_SCAN;
const LIKELY_NEW = { signature: true, attestation: true } as const;

/** Issue 14 item 4: uploads opened, and a new image signed, while what is there is read. */
describe('signing while reading what is there', () => {
  let f: SigningFixture;
  let counter: RequestCounter;
  let deps: SigningFixture['deps'];
  beforeAll(async () => {
    f = await startSigningFixture();
    counter = new RequestCounter();
    deps = { ...f.deps, registry: new OciRegistryClient({ onRequest: counter.listener }) };
  });
  afterAll(() => f.stop());

  const layers = async (ref: { registry: string; repository: string; digest: string }, tag: string) =>
    parseManifest((await f.registry.getManifest(ref, tag))!.bytes).layers ?? [];

  it('signs a new image with the same requests and signing calls, and cosign verifies it', async () => {
    const plain = await pushImage(sharedRegistryHost(), 'sign-while-reading/plain');
    const guessed = await pushImage(sharedRegistryHost(), 'sign-while-reading/guessed');
    counter.reset();
    const signsBefore = f.kms.calls.count('Sign');
    await signImage(deps, plain.reference, { scan });
    const plainRequests = counter.snapshot();
    const plainSigns = f.kms.calls.count('Sign') - signsBefore;
    counter.reset();
    const result = await signImage(deps, guessed.reference, { scan, likelyNew: LIKELY_NEW });
    expect(result.artifacts.map((a) => [a.kind, a.written])).toEqual([
      ['signature', true],
      ['attestation', true],
    ]);
    expect(counter.snapshot()).toEqual(plainRequests);
    expect(f.kms.calls.count('Sign') - signsBefore).toBe(2 * plainSigns);
    const verified = await cosign(
      [
        'verify',
        '--insecure-ignore-tlog=true',
        '--key',
        `awskms:///${f.alias}`,
        refString(guessed.reference),
      ],
      { kmsEndpoint: f.kms.endpoint },
    );
    expect(verified.code).toBe(0);
  });

  it('signing again without a guess opens no upload and calls no signer', async () => {
    const image = await pushImage(sharedRegistryHost(), 'sign-while-reading/again');
    await signImage(deps, image.reference, { scan, likelyNew: LIKELY_NEW });
    const signsBefore = f.kms.calls.count('Sign');
    counter.reset();
    const again = await signImage(deps, image.reference, { scan });
    expect(again.artifacts.every((a) => !a.written)).toBe(true);
    expect(f.kms.calls.count('Sign')).toBe(signsBefore);
    // The image, `.sig`, `.att` and the envelope in it: reads only.
    expect(counter.snapshot()).toEqual({ 'GET blob': 1, 'GET manifest': 3 });
  });

  it('a wrong guess (already signed) costs its signing calls, never a second signature or attestation', async () => {
    const image = await pushImage(sharedRegistryHost(), 'sign-while-reading/wrong-guess');
    await signImage(deps, image.reference, { scan });
    const signsBefore = f.kms.calls.count('Sign');
    counter.reset();
    const again = await signImage(deps, image.reference, { scan, likelyNew: LIKELY_NEW });
    expect(again.artifacts.every((a) => !a.written)).toBe(true);
    expect(f.kms.calls.count('Sign') - signsBefore).toBe(2);
    expect(counter.count('PUT', 'manifest')).toBe(0);
    expect(counter.count('PUT', 'blob')).toBe(0);
    expect(await layers(image.reference, signatureTag(image.digest))).toHaveLength(1);
    expect(await layers(image.reference, attestationTag(image.digest))).toHaveLength(1);
  });

  it('pushBlobWhenReady opens the upload before the bytes come, and uploads nothing for none', async () => {
    const image = await pushImage(sharedRegistryHost(), 'sign-while-reading/blobs');
    const repo = { registry: image.reference.registry, repository: image.reference.repository };
    const client = deps.registry as OciRegistryClient;
    let give!: (bytes: Uint8Array | undefined) => void;
    counter.reset();
    const pushed = client.pushBlobWhenReady(
      repo,
      new Promise((resolve) => (give = resolve)),
      'application/octet-stream',
    );
    for (let i = 0; i < 100 && counter.count('POST', 'blob') === 0; i++)
      await new Promise((r) => setTimeout(r, 5));
    expect(counter.snapshot()).toEqual({ 'POST blob': 1 });
    const bytes = new TextEncoder().encode(`made later ${Date.now()}`);
    give(bytes);
    await expect(pushed).resolves.toMatchObject({ digest: sha256Digest(bytes), size: bytes.byteLength });
    expect(await client.blobExists(repo, sha256Digest(bytes))).toBe(true);

    counter.reset();
    await expect(client.pushBlobWhenReady(repo, Promise.resolve(undefined), 'x')).resolves.toBeUndefined();
    await expect(
      client.pushBlobWhenReady(repo, Promise.reject(new Error('signing failed')), 'x'),
    ).rejects.toThrow('signing failed');
    expect(counter.count('PUT', 'blob')).toBe(0);
  });
});
