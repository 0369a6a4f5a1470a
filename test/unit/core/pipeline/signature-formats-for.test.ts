import { parseRuntimeConfig } from '../../../../functions/core/config/parse-runtime-config';
import type { RuntimeConfigInput } from '../../../../functions/core/config/runtime-config';
import { signatureFormatsFor } from '../../../../functions/core/pipeline/signature-formats-for';

const base: RuntimeConfigInput = {
  allowlist: { registries: [{ host: '127.0.0.1:5000' }] },
  policy: { version: 'p1', severityLimits: { CRITICAL: 0 } },
};

describe('signatureFormats: what signing writes, per repository', () => {
  it('writes the legacy signature and attestation by default', () => {
    const config = parseRuntimeConfig(base);

    expect(config.signatureFormats).toEqual({ default: ['signature', 'attestation'], repositories: [] });
    expect(signatureFormatsFor(config, 'team/app')).toEqual(['signature', 'attestation']);
  });

  it('opts repositories in by glob, the first matching rule winning', () => {
    const config = parseRuntimeConfig({
      ...base,
      signatureFormats: {
        repositories: [
          { match: ['team-c/**'], formats: ['signature', 'signature-bundle', 'signature'] },
          { match: ['team-c/legacy', 'ops/*'], formats: ['signature'] },
        ],
      },
    });

    expect(signatureFormatsFor(config, 'team-c/api/v2')).toEqual(['signature', 'signature-bundle']);
    expect(signatureFormatsFor(config, 'team-c/legacy')).toEqual(['signature', 'signature-bundle']);
    expect(signatureFormatsFor(config, 'ops/tool')).toEqual(['signature']);
    expect(signatureFormatsFor(config, 'ops/deep/tool')).toEqual(['signature', 'attestation']);
  });

  it.each([
    [{ default: [] }, /at least one format/],
    [{ default: ['attestation'] }, /include a signature/],
    [{ default: ['sig'] }, /signatureFormats/],
    [{ repositories: [{ match: ['a/***'], formats: ['signature'] }] }, /repository pattern/],
  ])('refuses %j', (signatureFormats, message) => {
    expect(() => parseRuntimeConfig({ ...base, signatureFormats } as RuntimeConfigInput)).toThrow(message);
  });
});
