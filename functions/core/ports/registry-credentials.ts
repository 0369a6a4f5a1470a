export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * Credentials for one registry host (ECR: from GetAuthorizationToken, cached until near expiry).
 * `undefined` means anonymous. `invalidate` drops a cached credential after the registry refused it.
 */
export interface CredentialProvider {
  credentialsFor(registry: string): Promise<RegistryCredentials | undefined>;
  invalidate?(registry: string): void;
}
