import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OciRegistryClient } from '../../../functions/adapters/registry/oci-registry-client';
import { RequestCounter } from '../../../functions/adapters/registry/request-counter';
import { LocalKeySigner } from '../../../functions/adapters/signers/local-key-signer';
import { signatureTag } from '../../../functions/core/reference';
import { imageSigning } from '../../../functions/core/signing/image-signing';
import { startRegistry, type RegistryService } from '../../../bin/local/services/registry';
import { freePort } from '../../harness/free-port';
import { pushImage } from '../../harness/image-builder';
import { startLayerBucket, type LayerBucket } from '../../harness/layer-bucket';
import { startRegistryProxy, type RegistryProxy } from '../../harness/registry-proxy';
import { cosign } from '../../harness/verifiers';

const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
/** Where Distribution's filesystem driver keeps a blob, the path its redirect names. */
const dataPath = (digest: string) => {
  const hex = digest.slice('sha256:'.length);
  return `/docker/registry/v2/blobs/sha256/${hex.slice(0, 2)}/${hex}/data`;
};

/** A raw request to the bucket, its path sent exactly as given (fetch would normalise `..`). */
function raw(bucket: LayerBucket, method: string, path: string) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((done, fail) => {
    const [hostname, port] = bucket.host.split(':');
    const sent = httpRequest({ hostname, port, method, path }, (answer) => {
      let body = '';
      answer.on('data', (chunk: Buffer) => (body += chunk.toString()));
      answer.on('end', () => done({ status: answer.statusCode ?? 0, body, headers: answer.headers }));
    });
    sent.on('error', fail);
    sent.end();
  });
}

/**
 * A registry that serves blobs as Amazon ECR does (a 307 to its layer bucket) and the bucket's stand-in,
 * each behind a recording proxy: the registry's `blobRedirect` names the bucket's proxy, so every blob
 * download crosses it.
 */
describe('a registry redirecting blob downloads to the layer bucket stand-in', () => {
  let registry: RegistryService;
  let bucket: LayerBucket;
  let s3: RegistryProxy;
  let front: RegistryProxy;
  beforeAll(async () => {
    const bucketPort = await freePort();
    s3 = await startRegistryProxy(`http://127.0.0.1:${bucketPort}`);
    registry = await startRegistry({ blobRedirect: { baseUrl: s3.url } });
    bucket = await startLayerBucket({ storageRoot: registry.storageRoot, port: bucketPort });
    front = await startRegistryProxy(registry.url);
  });
  afterAll(async () => {
    await Promise.all([front?.close(), s3?.close(), bucket?.close()]);
    await registry?.stop();
  });

  it('refuses a blobRedirect base URL with a path, which Distribution would drop', async () => {
    await expect(startRegistry({ blobRedirect: { baseUrl: `${s3.url}/bucket` } })).rejects.toThrow(
      /origin without a path/,
    );
  });

  it('answers a blob GET and HEAD with 307, and the client gets the blob from the bucket', async () => {
    const image = await pushImage(registry.host, 'redirect/app');
    const layer = image.layers[0]!;
    const repo = image.reference;
    const requests = new RequestCounter();
    const client = new OciRegistryClient({ onRequest: requests.listener });
    s3.received.length = 0;

    const bytes = await client.getBlob(repo, layer.digest);
    const exists = await client.blobExists(repo, layer.digest);

    expect(sha256(bytes)).toBe(layer.digest);
    expect(bytes.length).toBe(layer.size);
    expect(exists).toBe(true);
    const hops = requests.history().map((e) => `${e.method} ${e.kind} ${e.status}`);
    expect(hops).toEqual(['GET blob 307', 'GET blob 200', 'HEAD blob 307', 'HEAD blob 200']);
    expect(s3.received.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${dataPath(layer.digest)}`,
      `HEAD ${dataPath(layer.digest)}`,
    ]);
    expect(s3.received[0]?.headers.authorization).toBeUndefined();
  });

  it('serves only GET and HEAD of blob data files, nothing else of the storage', async () => {
    const image = await pushImage(registry.host, 'redirect/refusals');
    const { digest, size } = image.layers[0]!;
    const hex = digest.slice('sha256:'.length);
    const other = hex.startsWith('00') ? '11' : '00';

    const head = await raw(bucket, 'HEAD', `${dataPath(digest)}?X-Amz-Signature=s`);
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(Number(head.headers['content-length'])).toBe(size);
    for (const method of ['PUT', 'POST', 'DELETE']) {
      expect(await raw(bucket, method, dataPath(digest))).toMatchObject({
        status: 403,
        body: expect.stringContaining('<Code>AccessDenied</Code>'),
      });
    }
    const outside = [
      `/docker/registry/v2/repositories/redirect/refusals/_layers/sha256/${hex}/link`,
      `/docker/registry/v2/blobs/sha256/${other}/${hex}/data`,
      `/docker/registry/v2/blobs/sha256/${hex.slice(0, 2)}/${hex}/../../../../../../../config.yml`,
      `/docker/registry/v2/blobs/sha256/${hex.slice(0, 2)}/${hex}/%2e%2e/data`,
      `//docker/registry/v2/blobs/sha256/${hex.slice(0, 2)}/${hex}/data`,
      '/../config.yml',
    ];
    for (const path of outside) expect((await raw(bucket, 'GET', path)).status).toBe(403);
    expect(await raw(bucket, 'GET', dataPath(`sha256:${'ab'.repeat(32)}`))).toMatchObject({
      status: 404,
      body: expect.stringContaining('<Code>NoSuchKey</Code>'),
    });
    expect(bucket.served.filter((r) => r.status === 200).map((r) => r.method)).toContain('HEAD');
  });

  it('lets the real cosign verify a signature there: registry requests, then one S3 GET', async () => {
    const image = await pushImage(front.host, 'redirect/signed');
    const signer = LocalKeySigner.generate();
    const registryClient = new OciRegistryClient();
    await imageSigning({ registry: registryClient, signer }).signAndVerify(
      image.reference,
      undefined,
      new Date(),
    );
    const sig = await registryClient.getManifest(image.reference, signatureTag(image.digest));
    const sigLayer = (JSON.parse(Buffer.from(sig!.bytes).toString()) as { layers: { digest: string }[] })
      .layers[0]!.digest;
    const dir = mkdtempSync(join(tmpdir(), 'image-trust-test-layer-bucket-'));
    const pub = join(dir, 'cosign.pub');
    writeFileSync(pub, await signer.publicKeyPem());
    front.received.length = 0;
    s3.received.length = 0;

    const ref = `${front.host}/redirect/signed@${image.digest}`;
    const out = await cosign(['verify', '--insecure-ignore-tlog=true', '--key', pub, ref]).finally(() =>
      rmSync(dir, { recursive: true, force: true }),
    );

    expect(out.stderr).toContain('The signatures were verified against the specified public key');
    expect(out.code).toBe(0);
    expect(front.received.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v2/',
      `GET /v2/redirect/signed/manifests/${signatureTag(image.digest)}`,
      `GET /v2/redirect/signed/blobs/${sigLayer}`,
    ]);
    expect(s3.received.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${dataPath(sigLayer)}`]);
  });
});
