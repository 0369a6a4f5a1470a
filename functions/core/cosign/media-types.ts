/**
 * Media types, annotations and predicate types of cosign's storage formats (FACTS section 3). The OCI
 * and Docker media types they sit in are in ../oci/media-types.ts.
 */

export const SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const DSSE_ENVELOPE = 'application/vnd.dsse.envelope.v1+json';
export const IN_TOTO = 'application/vnd.in-toto+json';
export const SIGSTORE_BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';

export const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
export const PREDICATE_TYPE_ANNOTATION = 'predicateType';
export const BUNDLE_CONTENT_ANNOTATION = 'dev.sigstore.bundle.content';
export const BUNDLE_PREDICATE_ANNOTATION = 'dev.sigstore.bundle.predicateType';
export const CREATED_ANNOTATION = 'org.opencontainers.image.created';
export const TITLE_ANNOTATION = 'org.opencontainers.image.title';

/** cosign 3's image signature, an in-toto statement with no predicate body. */
export const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';
export const VULN_PREDICATE = 'https://cosign.sigstore.dev/attestation/vuln/v1';
export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
export const IN_TOTO_STATEMENT_V01 = 'https://in-toto.io/Statement/v0.1';

/** The OCI empty descriptor's content, `{}`. */
export const EMPTY_JSON = new TextEncoder().encode('{}');
