import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** A real image layer: an uncompressed tar (its SHA-256 is the config's diff_id) and its gzip. */
export interface ImageLayer {
  readonly tar: Uint8Array;
  readonly gzip: Uint8Array;
}

/**
 * Builds a layer holding one file of random bytes, so every image pushed by the harness is distinct.
 * The tar is a minimal POSIX ustar archive: one header block, the data padded to 512, two zero blocks.
 */
export function randomLayer(contentBytes = 256, fileName = 'image-trust/random.bin'): ImageLayer {
  const content = randomBytes(contentBytes);
  const header = ustarHeader(fileName, content.byteLength);
  const padding = (512 - (content.byteLength % 512)) % 512;
  const tar = Buffer.concat([header, content, Buffer.alloc(padding), Buffer.alloc(1024)]);
  return { tar, gzip: gzipSync(tar) };
}

function ustarHeader(name: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) =>
    header.write(value, offset, length, 'ascii');
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0') + '\0';
  field(0, 100, name);
  field(100, 8, octal(0o644, 8));
  field(108, 8, octal(0, 8));
  field(116, 8, octal(0, 8));
  field(124, 12, octal(size, 12));
  field(136, 12, octal(0, 12));
  field(148, 8, ' '.repeat(8));
  field(156, 1, '0');
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return header;
}
