import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/** The records of the ZIP format this reads (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16). */
const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** The end record (22 bytes) is followed by a comment of at most 65,535 bytes. */
const MAX_END_SEARCH = 22 + 0xffff;
const STORED = 0;
const DEFLATED = 8;

/**
 * The bytes of one file in a ZIP archive (a jar), found through the central directory, stored or
 * deflated: enough to read a class from DynamoDB Local's jar without `unzip`, which a fresh machine may
 * lack. No ZIP64 (archives under 4 GiB), no encryption.
 */
export function readZipEntry(zipPath: string, name: string): Buffer {
  const fd = openSync(zipPath, 'r');
  try {
    const read = (position: number, length: number): Buffer => {
      const bytes = Buffer.alloc(length);
      const got = readSync(fd, bytes, 0, length, position);
      if (got !== length) throw new Error(`${zipPath}: truncated at byte ${position + got}`);
      return bytes;
    };
    const size = fstatSync(fd).size;
    const tailStart = Math.max(0, size - MAX_END_SEARCH);
    const tail = read(tailStart, size - tailStart);
    const end = tail.lastIndexOf(uint32(END_OF_CENTRAL_DIRECTORY));
    if (end < 0 || end + 22 > tail.length) throw new Error(`${zipPath}: not a ZIP archive`);
    const entries = tail.readUInt16LE(end + 10);
    const directory = read(tail.readUInt32LE(end + 16), tail.readUInt32LE(end + 12));
    for (let at = 0, i = 0; i < entries; i++) {
      if (directory.readUInt32LE(at) !== CENTRAL_HEADER)
        throw new Error(`${zipPath}: corrupt central directory`);
      const method = directory.readUInt16LE(at + 10);
      const compressed = directory.readUInt32LE(at + 20);
      const uncompressed = directory.readUInt32LE(at + 24);
      const nameLength = directory.readUInt16LE(at + 28);
      const otherLength = directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
      const localHeader = directory.readUInt32LE(at + 42);
      if (directory.toString('utf8', at + 46, at + 46 + nameLength) === name) {
        const local = read(localHeader, 30);
        if (local.readUInt32LE(0) !== LOCAL_HEADER) throw new Error(`${zipPath}: corrupt entry ${name}`);
        const data = read(localHeader + 30 + local.readUInt16LE(26) + local.readUInt16LE(28), compressed);
        const bytes = method === STORED ? data : method === DEFLATED ? inflateRawSync(data) : undefined;
        if (bytes === undefined) throw new Error(`${zipPath}: ${name} uses compression method ${method}`);
        if (bytes.length !== uncompressed) throw new Error(`${zipPath}: ${name} has the wrong size`);
        return bytes;
      }
      at += 46 + nameLength + otherLength;
    }
    throw new Error(`${zipPath}: no entry ${name}`);
  } finally {
    closeSync(fd);
  }
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}
