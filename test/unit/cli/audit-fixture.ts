import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { VerdictAnswer } from '../../../functions/core/lookup/verdict-answer';
import type { BatchResult } from '../../../bin/cli/api-client';

/** The recorded `kubectl get pods -A -o json` document (test/fixtures/README.md). */
export const PODS_FILE = resolve(__dirname, '../../fixtures/kubectl-get-pods-all-namespaces.json');
export const readPods = (): unknown => JSON.parse(readFileSync(PODS_FILE, 'utf8')) as unknown;

/** The ECR registry of the fixture (allowlisted by the tests' configuration). */
export const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

/** The digests the fixture's spec images pin, by repository. */
export const DIGESTS = {
  web: 'sha256:734a81d2cee4bc3280f802cfa4d4af6de282f489305040fe1b6b7631be28e8b2',
  worker: 'sha256:9f1933bf0194a1efb508432fc51c9a82fe492bdb3344e86bf54a1c118dbf343e',
  api: 'sha256:e62efb88124dc2ac3e30e4871acb897000d8b3d97a9b03c0db86957330e46c53',
  legacy: 'sha256:771ce1819b79a9c4126f42b667c0f5ee1707de624c8a6d702366a0f91ead5a7c',
  nginx: 'sha256:2657239ec4e17491cc9f076b51b41c0a6f571b4593c003fcef22ee102d3a544f',
  migrate: 'sha256:705e22f76f2d579e5a7f009b6bb0215b0c99e3f95c5b1f965201fdbe91625cbd',
} as const;

/** The canonical reference of a fixture repository under team/ by its digest. */
export const teamRef = (name: 'web' | 'worker' | 'api' | 'legacy'): string =>
  `${REGISTRY}/team/${name}@${DIGESTS[name]}`;
export const NGINX_REF = `docker.io/library/nginx@${DIGESTS.nginx}`;

/**
 * What each container of the fixture is, once `team/web` is VERIFIED, `team/worker` PENDING,
 * `team/api` UNKNOWN, `team/legacy` REVOKED and nginx not allowlisted: [namespace, pod, container,
 * category], in the order the audit lists them.
 */
export const EXPECTED_ROWS = [
  ['kube-system', 'coredns-5d78c9869d-4jq8s', 'coredns', 'tag-only'],
  ['shop', 'web-5f7c9d8b6-2xkqp', 'migrate', 'tag-only'],
  ['shop', 'web-5f7c9d8b6-9hvzl', 'migrate', 'tag-only'],
  ['shop', 'worker-6b8f4c7d9-tq4mz', 'debugger-x7k2p', 'tag-only'],
  ['payments', 'api-7c6d5f9b8-lw2rn', 'api', 'unverified'],
  ['shop', 'worker-6b8f4c7d9-tq4mz', 'worker', 'unverified'],
  ['payments', 'legacy-84d9b6c5f-m8q3t', 'legacy', 'rejected'],
  ['payments', 'legacy-84d9b6c5f-m8q3t', 'proxy', 'rejected'],
  ['shop', 'web-5f7c9d8b6-2xkqp', 'web', 'verified'],
  ['shop', 'web-5f7c9d8b6-9hvzl', 'web', 'verified'],
] as const;

/** A batch answer as the API gives it, reduced to what the audit reads. */
export function answer(
  image: string,
  status: VerdictAnswer['status'],
  code: string,
  message = code,
): BatchResult {
  return {
    input: image,
    answer: {
      image,
      allowed: status === 'VERIFIED',
      status,
      final: status !== 'PENDING' && status !== 'UNKNOWN',
      checks: { allowlist: 'pass', digest: 'pass', scan: 'pass', signature: 'pass' },
      reasons: [{ layer: 'scan', code, message }],
      checkedAt: '2025-03-02T00:00:00.000Z',
    },
  };
}

/** The answers the fixture's digests get in the tests. */
export function fixtureAnswers(): Map<string, BatchResult> {
  return new Map([
    [teamRef('web'), answer(teamRef('web'), 'VERIFIED', 'POLICY_PASSED')],
    [teamRef('worker'), answer(teamRef('worker'), 'PENDING', 'PENDING')],
    [teamRef('api'), answer(teamRef('api'), 'UNKNOWN', 'NO_VERDICT')],
    [teamRef('legacy'), answer(teamRef('legacy'), 'REVOKED', 'MANUAL', 'revoked by ops: leaked key')],
    [NGINX_REF, answer(NGINX_REF, 'REJECTED', 'NOT_ALLOWLISTED')],
  ]);
}
