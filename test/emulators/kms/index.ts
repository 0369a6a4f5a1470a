/** An AWS KMS emulator for tests: see {@link startKmsEmulator}. */
export { startKmsEmulator, type CreatedKey, type KmsEmulator, type KmsEmulatorOptions } from './kms-emulator';
export type { KmsFaults, LatencyRule, ThrottleRule } from './faults';
export type { KmsCallCounters } from './call-counters';
