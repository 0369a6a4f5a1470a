/** The shared services that global-setup started, as a test worker sees them. */
export function sharedRegistryUrl(): string {
  return required('IT_REGISTRY_URL');
}

export function sharedRegistryHost(): string {
  return new URL(sharedRegistryUrl()).host;
}

export function sharedDynamoDbEndpoint(): string {
  return required('IT_DYNAMODB_ENDPOINT');
}

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the tests through jest (test/harness/global-setup.ts)`);
  return value;
}
