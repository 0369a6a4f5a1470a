import type { ServiceProcess } from '../../bin/local/services/service-process';

/** Stops what global-setup started; the reapers clean up even when this never runs. */
export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as { __imageTrustServices?: ServiceProcess[] }).__imageTrustServices ?? [];
  await Promise.all(services.map((s) => s.stop()));
}
