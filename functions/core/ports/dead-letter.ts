/** Where a message that will never succeed goes, with the reason, instead of being retried forever. */
export interface DeadLetter {
  park(body: string, reason: string, attributes?: Readonly<Record<string, string>>): Promise<void>;
}
