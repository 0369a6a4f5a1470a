import { InvalidInputError } from '../../../functions/core/errors';
import {
  DEFAULT_LOOKUP_TIMEOUT_MS,
  FUNCTION_ENVIRONMENTS,
  functionEnvironment,
  type FunctionName,
} from '../../../functions/runtime/environment';

const CONFIG = JSON.stringify({
  allowlist: { registries: [{ accountId: '123456789012', region: 'eu-west-1' }] },
  policy: { version: 'env-1', severityLimits: { CRITICAL: 0 } },
});
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/signer';
const DLQ = 'https://sqs.eu-west-1.amazonaws.com/123456789012/dlq';

/** What each function needs, complete: each test takes one variable away or spoils it. */
const COMPLETE: Record<FunctionName, Record<string, string>> = {
  'event-intake': { IMAGE_TRUST_CONFIG: CONFIG, TABLE_NAME: 't', DEAD_LETTER_QUEUE_URL: DLQ },
  signer: { IMAGE_TRUST_CONFIG: CONFIG, TABLE_NAME: 't', DEAD_LETTER_QUEUE_URL: DLQ, KEY_ID: 'alias/k' },
  reconciler: { IMAGE_TRUST_CONFIG: CONFIG, TABLE_NAME: 't', SIGNER_QUEUE_URL: QUEUE },
  'lookup-api': { IMAGE_TRUST_CONFIG: CONFIG, TABLE_NAME: 't', SEAL_KEY_IDS: '["alias/k"]' },
  'admission-webhook': {
    IMAGE_TRUST_CONFIG: CONFIG,
    TABLE_NAME: 't',
    SEAL_KEY_IDS: '["alias/k"]',
    WEBHOOK_CREDENTIAL_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:w-AbCdEf',
  },
  'admin-api': { TABLE_NAME: 't', SIGNER_QUEUE_URL: QUEUE },
};
const required = (Object.keys(COMPLETE) as FunctionName[]).flatMap((fn) =>
  Object.keys(COMPLETE[fn]).map((name) => [fn, name] as const),
);
const without = (env: Record<string, string>, name: string) =>
  Object.fromEntries(Object.entries(env).filter(([key]) => key !== name));

describe('functionEnvironment', () => {
  it('knows every function folder that has a handler reading its environment', () => {
    expect(Object.keys(FUNCTION_ENVIRONMENTS).sort()).toEqual(Object.keys(COMPLETE).sort());
  });

  it.each(required)('%s: fails naming %s when it is missing', (fn, name) => {
    const act = () => functionEnvironment(fn, without(COMPLETE[fn], name));

    expect(act).toThrow(InvalidInputError);
    expect(act).toThrow(`the ${fn} function's environment: ${name} is not set`);
  });

  it.each(required)('%s: fails naming %s when it is empty', (fn, name) => {
    expect(() => functionEnvironment(fn, { ...COMPLETE[fn], [name]: '' })).toThrow(`${name} is empty`);
  });

  it('names every problem at once', () => {
    expect(() => functionEnvironment('signer', { IMAGE_TRUST_CONFIG: CONFIG })).toThrow(
      "the signer function's environment: TABLE_NAME is not set; DEAD_LETTER_QUEUE_URL is not set; KEY_ID is not set",
    );
  });

  it('names IMAGE_TRUST_CONFIG with what is wrong inside it', () => {
    const act = () =>
      functionEnvironment('lookup-api', { TABLE_NAME: 't', IMAGE_TRUST_CONFIG: '{"policy":1}' });

    expect(act).toThrow(/IMAGE_TRUST_CONFIG: invalid image-trust configuration:\n {2}allowlist: is required/);
  });

  it('reads a complete pipeline environment, with the default receive count', () => {
    const env = functionEnvironment('signer', COMPLETE.signer);

    expect(env).toMatchObject({ tableName: 't', deadLetterQueueUrl: DLQ, signingKeyId: 'alias/k' });
    expect(env.maxReceiveCount).toBe(5);
    expect(env.config.allowlist.repositories).toEqual(['**']);
    expect(env.signerQueueUrl).toBeUndefined();
  });

  it("reads the key set's other keys for the signer, none when unset", () => {
    const others = [
      { keyId: 'alias/old', state: 'verifying' },
      { keyId: 'arn:k', state: 'retired' },
    ];
    const env = (value?: string) =>
      functionEnvironment('signer', { ...COMPLETE.signer, OTHER_SIGNING_KEYS: value });

    expect(env().otherSigningKeys).toEqual([]);
    expect(env(' ').otherSigningKeys).toEqual([]);
    expect(env(JSON.stringify(others)).otherSigningKeys).toEqual(others);
    expect(() => env('[{"keyId":"alias/old","state":"active"}]')).toThrow(/OTHER_SIGNING_KEYS/);
    expect(() => env('{')).toThrow(/OTHER_SIGNING_KEYS must be JSON/);
    expect(() => env('{"keyId":"alias/old"}')).toThrow(/OTHER_SIGNING_KEYS must be a JSON array/);
  });

  it('gives event intake the signer queue only where the deployment sets it', () => {
    const base = COMPLETE['event-intake'];

    expect(functionEnvironment('event-intake', base).signerQueueUrl).toBeUndefined();
    expect(
      functionEnvironment('event-intake', { ...base, SIGNER_QUEUE_URL: '' }).signerQueueUrl,
    ).toBeUndefined();
    expect(functionEnvironment('event-intake', { ...base, SIGNER_QUEUE_URL: QUEUE }).signerQueueUrl).toBe(
      QUEUE,
    );
  });

  it('reads MAX_RECEIVE_COUNT as a positive integer', () => {
    const base = COMPLETE.reconciler;

    expect(functionEnvironment('reconciler', { ...base, MAX_RECEIVE_COUNT: '3' }).maxReceiveCount).toBe(3);
    expect(() => functionEnvironment('reconciler', { ...base, MAX_RECEIVE_COUNT: 'five' })).toThrow(
      'MAX_RECEIVE_COUNT must be an integer from 1 to 1000, got five',
    );
  });

  it('reads RECORDS_IN_FLIGHT as a positive integer, 10 by default', () => {
    const base = COMPLETE.signer;

    expect(functionEnvironment('signer', base).recordsInFlight).toBe(10);
    expect(functionEnvironment('signer', { ...base, RECORDS_IN_FLIGHT: '4' }).recordsInFlight).toBe(4);
    expect(() => functionEnvironment('signer', { ...base, RECORDS_IN_FLIGHT: '0' })).toThrow(
      'RECORDS_IN_FLIGHT must be an integer from 1 to 1000, got 0',
    );
  });

  it('reads the lookup budget within 50 to 10000 ms, 1000 by default', () => {
    const base = COMPLETE['lookup-api'];

    expect(functionEnvironment('lookup-api', base).timeoutMs).toBe(DEFAULT_LOOKUP_TIMEOUT_MS);
    expect(functionEnvironment('lookup-api', { ...base, LOOKUP_TIMEOUT_MS: '750' }).timeoutMs).toBe(750);
    for (const bad of ['5', '10001', '1.5', 'soon']) {
      expect(() => functionEnvironment('lookup-api', { ...base, LOOKUP_TIMEOUT_MS: bad })).toThrow(
        `LOOKUP_TIMEOUT_MS must be an integer from 50 to 10000, got ${bad}`,
      );
    }
  });

  it('reads the accepted certificate subjects as a JSON array of DNs', () => {
    const base = COMPLETE['lookup-api'];
    const read = (value: string) =>
      functionEnvironment('lookup-api', { ...base, MTLS_ALLOWED_SUBJECTS: value }).allowedClientSubjects;

    expect(read('["CN=gatekeeper,O=platform"]')).toEqual(['CN=gatekeeper,O=platform']);
    expect(read('[]')).toEqual([]);
    expect(read(' ')).toEqual([]);
    expect(functionEnvironment('lookup-api', base).allowedClientSubjects).toEqual([]);
    expect(() => read('CN=a,CN=b')).toThrow('MTLS_ALLOWED_SUBJECTS must be a JSON array of subject DNs');
    expect(() => read('["CN=a", ""]')).toThrow('MTLS_ALLOWED_SUBJECTS must be a JSON array of non-empty');
  });

  it('reads the trusted seal keys as a JSON array of one or more KMS key ids', () => {
    const read = (fn: 'lookup-api' | 'admission-webhook', value: string) =>
      functionEnvironment(fn, { ...COMPLETE[fn], SEAL_KEY_IDS: value }).sealKeyIds;
    const ids = '["arn:aws:kms:eu-west-1:123456789012:key/1", "alias/image-trust-2025"]';

    expect(read('lookup-api', ids)).toEqual(JSON.parse(ids));
    expect(read('admission-webhook', ids)).toEqual(JSON.parse(ids));
    expect(() => read('lookup-api', '[]')).toThrow('SEAL_KEY_IDS names no key');
    expect(() => read('lookup-api', '[""]')).toThrow('SEAL_KEY_IDS: a key id is empty');
    expect(() => read('lookup-api', '{"keyId":"a"}')).toThrow('SEAL_KEY_IDS must be a JSON array');
    expect(() => read('lookup-api', 'alias/k')).toThrow('SEAL_KEY_IDS must be JSON');
  });
});
