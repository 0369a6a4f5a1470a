import { readFile } from 'node:fs/promises';
import { text as readStream } from 'node:stream/consumers';
import { s3Client } from './aws-clients';
import type { Command } from './command';
import { EXIT, UnavailableError, UsageError } from './exit-codes';
import { json, type CliIo } from './output';
import { truststoreFrom } from './truststore-input';

/** Where the truststore goes in the bucket (lib/api/truststore-bucket.ts TRUSTSTORE_KEY). */
export const TRUSTSTORE_KEY = 'truststore.pem';

/**
 * `gatekeeper-trust`: uploads Gatekeeper's CA to the truststore bucket (output TruststoreBucket) with
 * the caller's AWS credentials, and prints the version to pin (`api.mtls.truststoreVersion`) and the
 * steps left, each as a command.
 */
export const gatekeeperTrustCommand: Command = {
  name: 'gatekeeper-trust',
  usage: 'gatekeeper-trust --bucket NAME [--file FILE]',
  summary:
    "upload Gatekeeper's CA (ca.crt, or kubectl get secret ... -o json on stdin) to the mTLS truststore",
  args: [0, 0],
  options: ['bucket', 'file', 'region', 'json', 'quiet'],
  async run({ io, options, progress }) {
    if (options.bucket === undefined) {
      throw new UsageError('--bucket is needed: the bucket cdk deploy printed as TruststoreBucket');
    }
    const source = options.file ?? 'stdin';
    const truststore = truststoreFrom(await readInput(io, options.file), source);
    for (const subject of truststore.notCa) progress(`warning: ${subject} is not a CA certificate`);
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    const client = await s3Client(options, io.env);
    let versionId: string | undefined;
    try {
      const out = await client.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: TRUSTSTORE_KEY,
          Body: truststore.pem,
          ContentType: 'application/x-pem-file',
        }),
      );
      versionId = out.VersionId;
    } catch (error) {
      const e = error as { name?: string; message?: string };
      throw new UnavailableError(
        `cannot upload to s3://${options.bucket}/${TRUSTSTORE_KEY}: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`,
        { cause: error },
      );
    }
    if (versionId === undefined) throw new UnavailableError(`s3://${options.bucket} is not versioned`);
    const uri = `s3://${options.bucket}/${TRUSTSTORE_KEY}`;
    io.stdout(
      options.json
        ? json({ truststoreUri: uri, versionId, subjects: truststore.subjects })
        : nextSteps(uri, versionId, truststore.subjects),
    );
    return EXIT.OK;
  },
};

function nextSteps(uri: string, versionId: string, subjects: readonly string[]): string {
  return [
    `uploaded ${subjects.length} certificate(s) to ${uri}, version ${versionId}:`,
    ...subjects.map((s) => `  ${s}`),
    'Next:',
    `  1. in cdk.json set imageTrust.api.mtls.truststoreVersion to "${versionId}", then: npx cdk deploy --all`,
    '  2. point the domain at the output LookupApiDomainTarget (a CNAME, or a Route 53 alias)',
    '  3. kubectl apply -k deploy/kubernetes/gatekeeper  (the Provider URL is https://<domain>/v1/gatekeeper/provider)',
    '',
  ].join('\n');
}

async function readInput(io: CliIo, file: string | undefined): Promise<string> {
  try {
    return file === undefined || file === '-' ? await readStream(io.stdin) : await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file ?? 'stdin'}: ${(error as Error).message}`, { cause: error });
  }
}
