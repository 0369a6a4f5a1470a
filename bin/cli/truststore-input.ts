import { X509Certificate } from 'node:crypto';
import { UsageError } from './exit-codes';

/** What `gatekeeper-trust` uploads: the CA certificates, PEM, and what they are. */
export interface Truststore {
  readonly pem: string;
  readonly subjects: readonly string[];
  /** Subjects of certificates that are not CAs (a leaf cannot anchor a client certificate chain). */
  readonly notCa: readonly string[];
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Gatekeeper's CA from what the operator gives: PEM certificates, or the output of
 * `kubectl get secret -n gatekeeper-system gatekeeper-webhook-server-cert -o json` (its `data["ca.crt"]`,
 * base64). Only certificates are kept; input holding a private key is refused (it must never reach S3).
 *
 * @throws UsageError when the input has no certificate, a certificate that does not parse, or a key
 */
export function truststoreFrom(text: string, source: string): Truststore {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new UsageError(`${source} holds a private key: give only the CA certificate (ca.crt)`);
  }
  const pemText = text.trimStart().startsWith('{') ? caFromSecretJson(text, source) : text;
  const blocks = pemText.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    throw new UsageError(
      `${source} holds no PEM certificate: give ca.crt, or pipe kubectl get secret -n gatekeeper-system gatekeeper-webhook-server-cert -o json`,
    );
  }
  const certificates = blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw new UsageError(`${source}: certificate ${i + 1} does not parse: ${(error as Error).message}`, {
        cause: error,
      });
    }
  });
  return {
    pem: `${blocks.join('\n')}\n`,
    subjects: certificates.map((c) => c.subject.replace(/\n/g, ', ')),
    notCa: certificates.filter((c) => !c.ca).map((c) => c.subject.replace(/\n/g, ', ')),
  };
}

function caFromSecretJson(text: string, source: string): string {
  let secret: unknown;
  try {
    secret = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is neither PEM nor JSON`, { cause: error });
  }
  const data = (secret as { data?: Record<string, unknown> } | null)?.data;
  const ca = data && Object.hasOwn(data, 'ca.crt') ? data['ca.crt'] : undefined;
  if (typeof ca !== 'string') {
    throw new UsageError(`${source} is JSON without data["ca.crt"]: is it kubectl get secret ... -o json?`);
  }
  return Buffer.from(ca, 'base64').toString('utf8');
}
