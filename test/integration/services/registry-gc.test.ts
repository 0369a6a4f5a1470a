import { readdirSync, readFileSync } from 'node:fs';
import { startRegistry } from '../../../bin/local/services/registry';

/** The environment of the docker-registry process serving from `dataDir`. */
function registryEnvironment(dataDir: string): string[] {
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (commandLine[0]?.endsWith('docker-registry') && commandLine.some((arg) => arg.startsWith(dataDir)))
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    } catch {
      // gone in between
    }
  }
  throw new Error(`no docker-registry process serves ${dataDir}`);
}

describe('the local registry', () => {
  it("runs with Go's GOGC and GOMEMLIMIT the caller asks for, and without them by default", async () => {
    const tuned = await startRegistry({ gcPercent: 'off', memoryLimitMiB: 1024 });
    const plain = await startRegistry();
    try {
      expect((await fetch(`${tuned.url}/v2/`)).status).toBe(200);
      expect(registryEnvironment(tuned.dataDir)).toEqual(
        expect.arrayContaining(['GOGC=off', 'GOMEMLIMIT=1024MiB']),
      );
      expect(registryEnvironment(plain.dataDir).filter((v) => v.startsWith('GOGC='))).toEqual(
        process.env.GOGC === undefined ? [] : [`GOGC=${process.env.GOGC}`],
      );
      expect(registryEnvironment(plain.dataDir).filter((v) => v.startsWith('GOMEMLIMIT='))).toEqual(
        process.env.GOMEMLIMIT === undefined ? [] : [`GOMEMLIMIT=${process.env.GOMEMLIMIT}`],
      );
    } finally {
      await tuned.stop();
      await plain.stop();
    }
  });
});
