import type { Command } from './command';
import { EXIT } from './exit-codes';
import { json } from './output';

/** `public-keys`: the whole key set (a rotation's old and new keys), with ids and states. */
export const publicKeysCommand: Command = {
  name: 'public-keys',
  usage: 'public-keys',
  summary:
    'list every signing key with its state (active, verifying, retired); --json adds each PEM, for verifiers that take several keys',
  args: [0, 0],
  options: ['api', 'json', 'region', 'sign'],
  async run({ io, options, api }) {
    const keys = await api().publicKeys();
    if (options.json) {
      io.stdout(json({ keys }));
      return EXIT.OK;
    }
    for (const key of keys) io.stdout(`${key.state.padEnd(9)} ${key.fingerprint} ${key.keyId}\n`);
    return EXIT.OK;
  },
};
