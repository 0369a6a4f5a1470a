import type { Command } from './command';
import { EXIT } from './exit-codes';
import { json } from './output';

/** `public-key`: cosign.pub as the API publishes it, for `cosign verify --key`. */
export const publicKeyCommand: Command = {
  name: 'public-key',
  usage: 'public-key',
  summary: 'print the public key images are signed with (PEM, for cosign verify --key)',
  args: [0, 0],
  options: ['api', 'json', 'region', 'sign'],
  async run({ io, options, api }) {
    const key = await api().publicKey();
    const pem = key.pem.endsWith('\n') ? key.pem : `${key.pem}\n`;
    io.stdout(options.json ? json({ keyId: key.keyId ?? null, pem }) : pem);
    return EXIT.OK;
  },
};
