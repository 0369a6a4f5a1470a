import { InvalidInputError } from '../errors';
import { fromBase64, fromUtf8, toBase64, utf8 } from './bytes';

export interface DsseSignature {
  readonly keyid?: string;
  readonly sig: string;
}

/** A DSSE envelope as JSON: payload and signatures base64. */
export interface DsseEnvelope {
  readonly payloadType: string;
  readonly payload: string;
  readonly signatures: readonly DsseSignature[];
}

/** DSSE's pre-authentication encoding: what is actually signed. */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = utf8(payloadType);
  const head = utf8(`DSSEv1 ${type.length} ${payloadType} ${payload.length} `);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  return out;
}

export function envelope(payloadType: string, payload: Uint8Array, signature: Uint8Array): DsseEnvelope {
  return { payloadType, payload: toBase64(payload), signatures: [{ keyid: '', sig: toBase64(signature) }] };
}

export function parseEnvelope(bytes: Uint8Array): DsseEnvelope {
  let doc: unknown;
  try {
    doc = JSON.parse(fromUtf8(bytes));
  } catch (cause) {
    throw new InvalidInputError('DSSE envelope is not JSON', { cause });
  }
  const e = doc as Partial<DsseEnvelope> | null;
  if (
    !e ||
    typeof e.payloadType !== 'string' ||
    typeof e.payload !== 'string' ||
    !Array.isArray(e.signatures) ||
    !e.signatures.every((s) => typeof s?.sig === 'string')
  ) {
    throw new InvalidInputError('DSSE envelope lacks payloadType, payload or signatures');
  }
  return e as DsseEnvelope;
}

export const envelopePayload = (e: DsseEnvelope): Uint8Array => fromBase64(e.payload);
