import { printTable, type Figures } from './bench-kit';

/** The signing benchmark's table and summary lines (bench/signing.bench.ts). */
export function reportSigning(f: Figures): void {
  const latency = `registry ${f['perf.signing.latencyMs.registry']} ms, KMS ${f['perf.signing.latencyMs.kms']} ms, DynamoDB ${f['latencyMs.dynamoDb']} ms per request`;
  printTable(
    `Signing through latency (${latency}), ${f.rounds} interleaved rounds, medians`,
    [
      'signer',
      'does',
      'images/s',
      'ms/image one at a time',
      'registry req/image',
      'KMS calls/image',
      'registry ms/req',
    ],
    [
      [
        `image-trust, one worker (batch ${f['imageTrust.batchSize']}, ${f['imageTrust.recordsInFlight']} in flight)`,
        'evaluates, signs (default formats + vuln attestation), checks, records',
        f['perf.signing.imageTrust.imagesPerSecond']!,
        f['imageTrust.sequential.msPerImage']!,
        f['imageTrust.registryRequestsPerImage']!,
        f['imageTrust.kmsCallsPerImage']!,
        f['imageTrust.registryRequestMedianMs']!,
      ],
      [
        'cosign 2.5 sign, once per image',
        'signs (.sig)',
        f['perf.signing.cosign.imagesPerSecond']!,
        f['cosign.msPerImage']!,
        f['cosign.registryRequestsPerImage']!,
        f['cosign.kmsCallsPerImage']!,
        f['cosign.registryRequestMedianMs']!,
      ],
    ],
  );
  process.stdout.write(
    `image-trust signs ${f['perf.signing.speedupOverCosign']}x cosign's images per second (goal 10), ` +
      `${f['perf.signing.sequentialSpeedupOverCosign']}x faster one image after another (goal 2)\n` +
      `image-trust's DynamoDB: ${f['imageTrust.dynamoDbRequestsPerImage']} requests/image ` +
      `(${f['imageTrust.dynamoDbCalls']}), ${f['imageTrust.dynamoDbRequestMedianMs']} ms/request\n` +
      `CPU ms per image while the worker signs: worker ${f['imageTrust.cpuMsPerImage.worker']}, registry ` +
      `${f['imageTrust.cpuMsPerImage.registry']}, DynamoDB Local ${f['imageTrust.cpuMsPerImage.dynamoDbLocal']}, ` +
      `bench process ${f['imageTrust.cpuMsPerImage.bench']}: ${f['imageTrust.cpuMsPerImage.total']} in all, ` +
      `${f['imageTrust.coresBusy']} cores busy\n`,
  );
}
