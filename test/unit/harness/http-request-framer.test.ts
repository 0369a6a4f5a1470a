import { HttpRequestFramer, type RequestHead } from '../../harness/http-request-framer';

/** The heads the framer finds in `bytes` delivered in pieces of `piece` bytes. */
function frame(bytes: string, piece = bytes.length): { heads: RequestHead[]; failed: boolean } {
  const heads: RequestHead[] = [];
  const framer = new HttpRequestFramer((head) => heads.push(head));
  const data = Buffer.from(bytes, 'latin1');
  for (let i = 0; i < data.length; i += piece) framer.push(data.subarray(i, i + piece));
  return { heads, failed: framer.failed };
}

const GET = 'GET /v2/app/manifests/sha256:ab HTTP/1.1\r\nHost: r\r\nAccept: */*\r\n\r\n';
// A body that looks like requests: it must be skipped by its length, never read as heads.
const BODY = 'GET /fake HTTP/1.1\r\n\r\nPUT /fake HTTP/1.1\r\n\r\n';
const PUT = `PUT /v2/app/blobs/uploads/1?digest=x HTTP/1.1\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`;
const CHUNKED =
  'POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nX-Amz-Target: DynamoDB_20120810.GetItem\r\n\r\n' +
  `5;ext=1\r\nGET /\r\n${BODY.length.toString(16)}\r\n${BODY}\r\n0\r\nTrailer: t\r\n\r\n`;

describe('HttpRequestFramer', () => {
  it.each([1, 3, 7, 64, 10_000])(
    'finds each request of a keep-alive stream delivered %i bytes at a time, bodies skipped',
    (piece) => {
      const { heads, failed } = frame(GET + PUT + CHUNKED + GET, piece);

      expect(failed).toBe(false);
      expect(heads.map((h) => `${h.method} ${h.target}`)).toEqual([
        'GET /v2/app/manifests/sha256:ab',
        'PUT /v2/app/blobs/uploads/1?digest=x',
        'POST /x',
        'GET /v2/app/manifests/sha256:ab',
      ]);
      expect(heads[2]?.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
      expect(heads[0]?.headers.host).toBe('r');
    },
  );

  it('stops on a length it cannot follow, and tells nothing more', () => {
    const { heads, failed } = frame(`PUT /a HTTP/1.1\r\nContent-Length: -4\r\n\r\n${GET}`);

    expect(failed).toBe(true);
    expect(heads).toEqual([]);
  });

  it('stops on a chunk size that is not hexadecimal', () => {
    const { heads, failed } = frame(`POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n${GET}`);

    expect(failed).toBe(true);
    expect(heads).toHaveLength(1);
  });
});
