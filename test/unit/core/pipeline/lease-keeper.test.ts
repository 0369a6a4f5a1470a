import { keepLease } from '../../../../functions/core/pipeline/lease-keeper';
import type { SigningLease } from '../../../../functions/core/ports/signing-lease';
import { KEY } from '../verdict/verdict-events';

/** A lease port that answers renewals as told and counts them. */
function leases(answer: () => Promise<boolean>): SigningLease & { renewals: number } {
  const port = {
    renewals: 0,
    acquire: async () => {
      port.renewals += 1;
      return answer();
    },
    release: async () => true,
  };
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('keepLease', () => {
  it('renews every third of the lease while held, and stops when told', async () => {
    const port = leases(async () => true);
    const kept = keepLease(port, KEY, 'me', 90);

    await sleep(400);
    await kept.stop();
    const renewals = port.renewals;
    await sleep(100);

    expect(renewals).toBeGreaterThanOrEqual(3);
    expect(port.renewals).toBe(renewals);
    expect(kept.lost()).toBe(false);
  });

  it('counts the lease lost when a renewal is refused (another worker holds it)', async () => {
    const kept = keepLease(
      leases(async () => false),
      KEY,
      'me',
      60,
    );

    await sleep(50);
    await kept.stop();

    expect(kept.lost()).toBe(true);
  });

  it('counts the lease lost when renewals fail until it could have expired, not before', async () => {
    const kept = keepLease(
      leases(() => Promise.reject(new Error('store down'))),
      KEY,
      'me',
      600,
    );

    await sleep(250);
    expect(kept.lost()).toBe(false);
    await sleep(450);
    await kept.stop();

    expect(kept.lost()).toBe(true);
  });
});
