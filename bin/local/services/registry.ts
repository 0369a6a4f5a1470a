import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import { startServiceProcess, type ServiceProcess } from './service-process';

export interface RegistryService extends ServiceProcess {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** e.g. 127.0.0.1:41234, the registry part of an image reference */
  readonly host: string;
  /**
   * The filesystem driver's `rootdirectory`: blobs lie under `docker/registry/v2/blobs/` in it, at the
   * paths a `blobRedirect` sends clients to.
   */
  readonly storageRoot: string;
}

/** Where blob GETs and HEADs are redirected to (RegistryOptions.blobRedirect). */
export interface BlobRedirect {
  /**
   * `http://HOST:PORT` of the blob store. Distribution keeps only its scheme and host: the `Location` is
   * `<scheme>://<host>/docker/registry/v2/blobs/sha256/<first 2 hex>/<hex>/data`, the blob's path
   * under `storageRoot`. A path in `baseUrl` is refused rather than silently dropped.
   */
  readonly baseUrl: string;
}

export interface RegistryOptions {
  readonly port?: number;
  /** Where the registry POSTs its push notifications (npm start). */
  readonly notifyUrl?: string;
  /** Sent with every notification as `Authorization: Bearer <token>`; the endpoint checks it. */
  readonly notifyToken?: string;
  readonly dataDir?: string;
  /**
   * Distribution's in-memory blob descriptor cache (`storage.cache.blobdescriptor: inmemory`): a blob's
   * HEAD, and the check a manifest PUT makes of each blob it names, answered without a filesystem stat.
   */
  readonly blobDescriptorCache?: boolean;
  /**
   * Go's GOGC for the registry (default Go's 100), or `off`: its live heap is small, so at 100 it collects
   * every few requests. The signing benchmark turns it off under a memory limit.
   */
  readonly gcPercent?: number | 'off';
  /** Go's GOMEMLIMIT for the registry, in MiB: with `gcPercent: 'off'`, it collects only near this. */
  readonly memoryLimitMiB?: number;
  /**
   * Serve blobs as Amazon ECR does: a blob GET answers `307 Temporary Redirect` to the blob store, as ECR
   * redirects to a pre-signed URL in its layer bucket in Amazon S3 (Distribution's `redirect` storage
   * middleware, which redirects a blob HEAD too; test/harness/layer-bucket.ts is the bucket's stand-in).
   * Manifests are still served by the registry. Off by default.
   */
  readonly blobRedirect?: BlobRedirect;
}

/** Starts Debian's docker-registry (Distribution 2.8) on loopback with its own storage. */
export async function startRegistry(options: RegistryOptions = {}): Promise<RegistryService> {
  const port = options.port ?? (await freePort());
  const host = `127.0.0.1:${port}`;
  const url = `http://${host}`;
  if (options.blobRedirect) redirectBase(options.blobRedirect);
  const service = await startServiceProcess({
    name: 'registry',
    dataDir: options.dataDir,
    command: (dir) => {
      const config = join(dir, 'config.yml');
      writeFileSync(config, registryConfig(dir, host, options), {
        mode: 0o600,
      });
      const env = {
        ...(options.gcPercent === undefined ? {} : { GOGC: String(options.gcPercent) }),
        ...(options.memoryLimitMiB === undefined ? {} : { GOMEMLIMIT: `${options.memoryLimitMiB}MiB` }),
      };
      return { cmd: 'docker-registry', args: ['serve', config], env };
    },
    ready: async () => (await fetch(`${url}/v2/`)).status === 200,
  });
  return { ...service, url, host, storageRoot: join(service.dataDir, 'data') };
}

/** The `baseurl` for Distribution's redirect middleware: an http(s) origin, nothing after it. */
function redirectBase({ baseUrl }: BlobRedirect): string {
  const parsed = new URL(baseUrl);
  if (!['http:', 'https:'].includes(parsed.protocol) || parsed.pathname !== '/' || parsed.search !== '')
    throw new Error(`blobRedirect.baseUrl must be an http(s) origin without a path: ${baseUrl}`);
  return parsed.origin;
}

function registryConfig(dir: string, host: string, options: RegistryOptions): string {
  const { notifyUrl, notifyToken } = options;
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    ...(options.blobDescriptorCache === true ? ['  cache:', '    blobdescriptor: inmemory'] : []),
    '  delete:',
    '    enabled: true',
    ...(options.blobRedirect
      ? [
          'middleware:',
          '  storage:',
          '    - name: redirect',
          '      options:',
          `        baseurl: ${redirectBase(options.blobRedirect)}`,
        ]
      : []),
    'http:',
    `  addr: ${host}`,
  ];
  if (notifyUrl) {
    lines.push(
      'notifications:',
      '  endpoints:',
      '    - name: image-trust',
      `      url: ${notifyUrl}`,
      ...(notifyToken
        ? ['      headers:', '        Authorization:', `          - Bearer ${notifyToken}`]
        : []),
      '      timeout: 2s',
      '      threshold: 5',
      '      backoff: 1s',
      '      ignoredmediatypes:',
      '        - application/octet-stream',
    );
  }
  return lines.join('\n') + '\n';
}
