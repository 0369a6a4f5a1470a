import type * as EcrSdk from '@aws-sdk/client-ecr';
import type * as EcrCredentials from '../../functions/adapters/ecr/ecr-credential-provider';
import { OciRegistryClient } from '../../functions/adapters/registry/oci-registry-client';
import type { RepositoryLocator } from '../../functions/core/ports/registry';
import { canonicalReference, familiarReference } from '../../functions/core/reference/canonical';
import { isEcrRegistry } from '../../functions/core/reference/ecr-registry';
import {
  parseImageReference,
  type ParsedImageReference,
} from '../../functions/core/reference/parse-image-reference';
import type { Command } from './command';
import { CliError, EXIT, UnavailableError, UsageError } from './exit-codes';
import { json } from './output';

/**
 * `resolve REF`: the digest a tag points to now, read from the registry itself (not from
 * image-trust), printed as `registry/repository@sha256:...` for pinning manifests. No tag means
 * `latest`, as the kubelet reads it; a digest is checked to exist. Exit 1 when there is no such tag.
 */
export const resolveCommand: Command = {
  name: 'resolve',
  usage: 'resolve REF',
  summary: 'find the digest a tag points to, from the registry: prints registry/repo@sha256:...',
  args: [1, 1],
  options: ['json', 'quiet'],
  async run({ args, io, options, progress }) {
    const input = args[0] ?? '';
    let ref: ParsedImageReference;
    try {
      ref = parseImageReference(input);
    } catch (error) {
      throw new UsageError((error as Error).message, { cause: error });
    }
    const tag = ref.digest === undefined ? (ref.tag ?? 'latest') : undefined;
    if (ref.digest === undefined && ref.tag === undefined) progress(`no tag given: resolving 'latest'`);
    const repo: RepositoryLocator = { registry: ref.registry, repository: ref.repository };
    const wanted = familiarReference(tag === undefined ? ref : { ...repo, tag });
    const client = registryClient(ref.registry);
    let manifest;
    try {
      manifest = await client.getManifest(repo, ref.digest ?? tag ?? 'latest');
    } catch (error) {
      throw new UnavailableError(`cannot read ${wanted} from ${ref.registry}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (manifest === undefined) throw new CliError(EXIT.NO, `${ref.registry} has no ${wanted}`);
    const pinned = canonicalReference({ ...repo, digest: manifest.digest });
    io.stdout(
      options.json
        ? json({
            input,
            reference: pinned,
            registry: ref.registry,
            repository: ref.repository,
            ...(tag === undefined ? {} : { tag }),
            digest: manifest.digest,
            mediaType: manifest.mediaType,
          })
        : `${pinned}\n`,
    );
    return EXIT.OK;
  },
};

/**
 * A registry client for one host: ECR hosts with a token from GetAuthorizationToken (the AWS SDK's
 * default credential chain, the region the host names); others anonymous (token auth as the
 * registry asks). The AWS SDK is loaded only for ECR.
 */
function registryClient(host: string): OciRegistryClient {
  if (!isEcrRegistry(host)) return new OciRegistryClient({ retry: { maxAttempts: 2 } });
  // Required here, not imported, so other commands skip loading the SDK: tsx's CommonJS hook and jest
  // load these on first use, and esbuild bundles them into dist/image-trust.cjs evaluated on first use.
  /* eslint-disable @typescript-eslint/no-require-imports -- a lazy load, on purpose */
  const { ECRClient } = require('@aws-sdk/client-ecr') as typeof EcrSdk;
  const { EcrCredentialProvider } =
    require('../../functions/adapters/ecr/ecr-credential-provider') as typeof EcrCredentials;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const credentials = new EcrCredentialProvider(
    (region) => new ECRClient(region === undefined ? {} : { region }),
  );
  return new OciRegistryClient({ credentials, retry: { maxAttempts: 2 } });
}
