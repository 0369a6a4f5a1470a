import { Match } from 'aws-cdk-lib/assertions';
import { exampleConfig, synthesize } from './support/synth';

const oldArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe("a rotation's other keys (otherKeys)", () => {
  it('are none by default: no OTHER_SIGNING_KEYS and no extra key access', () => {
    const app = synthesize();
    const fns = app.serviceTemplate.findResources('AWS::Lambda::Function');
    for (const fn of Object.values(fns)) {
      expect(JSON.stringify(fn)).not.toContain('OTHER_SIGNING_KEYS');
    }
  });

  it('gives the signer their ids and states, and kms:GetPublicKey (never kms:Sign) on them', () => {
    const app = synthesize(
      exampleConfig({
        otherKeys: [
          { keyArn: oldArn, state: 'verifying' },
          { alias: 'alias/image-trust-2024', state: 'retired' },
        ],
      }),
    );
    app.serviceTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          OTHER_SIGNING_KEYS: JSON.stringify([
            { keyId: oldArn, state: 'verifying' },
            { keyId: 'alias/image-trust-2024', state: 'retired' },
          ]),
        }),
      },
    });
    app.serviceTemplate.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'kms:GetPublicKey', Resource: oldArn }),
          Match.objectLike({
            Action: 'kms:GetPublicKey',
            Condition: {
              'ForAnyValue:StringEquals': { 'kms:ResourceAliases': ['alias/image-trust-2024'] },
            },
          }),
        ]),
      },
    });
    const policies = JSON.stringify(app.serviceTemplate.findResources('AWS::IAM::Policy'));
    expect(policies.match(new RegExp(`"kms:Sign"[^}]*${oldArn}`))).toBeNull();
  });

  it('must each be named by exactly one of keyArn and alias, in state verifying or retired', () => {
    expect(() => synthesize(exampleConfig({ otherKeys: [{ state: 'verifying' }] }))).toThrow(
      /exactly one of 'keyArn' or 'alias'/,
    );
    expect(() => synthesize(exampleConfig({ otherKeys: [{ keyArn: oldArn, state: 'active' }] }))).toThrow(
      /otherKeys/,
    );
  });
});
