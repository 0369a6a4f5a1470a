/**
 * An emulator of the Amazon ECR control plane (GetAuthorizationToken, DescribeImageScanFindings,
 * StartImageScan, DescribeImages, DescribeRepositories), wire compatible with `@aws-sdk/client-ecr`: point an `ECRClient`
 * at `endpoint`. It fronts a real OCI registry (the harness's), whose URL it hands out as
 * `proxyEndpoint`; images and scan results are what tests set up.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CallCounter } from './calls';
import { FaultInjector } from './faults';
import { ImageCatalog, type ImageRecord } from './images';
import type { AuthSettings, EcrContext } from './operations/context';
import { importFromRegistry } from './registry-import';
import { ScanStore } from './scan-store';
import { createEcrServer } from './server';

export type { CallRecord } from './calls';
export type { FaultSettings, ForcedError } from './faults';
export type { ImageRecord, ImageToRegister } from './images';
export type { AuthSettings } from './operations/context';
export type { ScanKind, ScanResult, ScanStatus } from './scan-store';
export type { EcrOperation } from './wire';
export { CallCounter, FaultInjector, ImageCatalog, ScanStore };
export * from './findings-fixtures';

/** The default lifetime of an authorization token, as ECR issues it. */
export const TOKEN_TTL_MS = 12 * 60 * 60 * 1000;

export interface EcrEmulatorOptions {
  /** The registry the emulator fronts, e.g. `process.env.IT_REGISTRY_URL` (`http://127.0.0.1:PORT`). */
  readonly registryUrl: string;
  /** The password in the authorization token; default random. */
  readonly password?: string;
  /** Default 12 hours. */
  readonly tokenTtlMs?: number;
  /** Default `123456789012`. */
  readonly registryId?: string;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** The emulator's clock in epoch milliseconds (token expiry, the 24-hour scan quota); default `Date.now`. */
  readonly now?: () => number;
  /** Seed of the random faults; default 1. */
  readonly faultSeed?: number;
}

export interface EcrEmulator {
  /** `http://127.0.0.1:PORT`, the `endpoint` of an `ECRClient`. */
  readonly endpoint: string;
  readonly region: string;
  readonly registryId: string;
  /** The fronted registry's URL and host (`127.0.0.1:PORT`). */
  readonly registryUrl: string;
  readonly registryHost: string;
  /** GetAuthorizationToken's password and token lifetime, changeable at run time. */
  readonly auth: AuthSettings;
  /** Repositories and images (DescribeImages, and whether an image exists). */
  readonly images: ImageCatalog;
  /** Scan results per (repository, digest): the setup API of the scan operations. */
  readonly scans: ScanStore;
  readonly faults: FaultInjector;
  readonly calls: CallCounter;
  /** Registers images of a repository as the real registry holds them (all tags, or these references). */
  importFromRegistry(repositoryName: string, references?: readonly string[]): Promise<ImageRecord[]>;
  stop(): Promise<void>;
}

/** Starts the emulator on 127.0.0.1, on a port the kernel picks. */
export async function startEcrEmulator(options: EcrEmulatorOptions): Promise<EcrEmulator> {
  const now = options.now ?? Date.now;
  const images = new ImageCatalog(now);
  const scans = new ScanStore(images, now);
  const auth: AuthSettings = {
    password: options.password ?? randomBytes(48).toString('base64'),
    tokenTtlMs: options.tokenTtlMs ?? TOKEN_TTL_MS,
  };
  const registryUrl = options.registryUrl.replace(/\/+$/, '');
  const context: EcrContext = {
    registryId: options.registryId ?? '123456789012',
    region: options.region ?? 'us-east-1',
    registryUrl,
    auth,
    images,
    scans,
    now,
  };
  const faults = new FaultInjector(options.faultSeed);
  const calls = new CallCounter();
  const server = createEcrServer({ context, faults, calls });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region: context.region,
    registryId: context.registryId,
    registryUrl,
    registryHost: new URL(registryUrl).host,
    auth,
    images,
    scans,
    faults,
    calls,
    importFromRegistry: (repositoryName, references) =>
      importFromRegistry(images, registryUrl, repositoryName, references),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
