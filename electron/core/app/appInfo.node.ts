import type { MethodOutput, VaultState } from '../../../shared/rpc/contract.std.ts';

export interface AppIdentity {
  name: string;
  version: string;
  /** e.g. "Electron 45.4.1" or "Node 24.21.0": where the core is running. */
  runtime: string;
}

export function describeApp(identity: AppIdentity, vaultState: VaultState): MethodOutput<'app.info'> {
  return {
    name: identity.name,
    version: identity.version,
    platform: process.platform,
    arch: process.arch,
    runtime: identity.runtime,
    vaultState,
  };
}
