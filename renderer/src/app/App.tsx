import { VaultGate } from '../vault/VaultGate.tsx';
import { AppShell } from './AppShell.tsx';

export function App() {
  return (
    <VaultGate>
      <AppShell />
    </VaultGate>
  );
}
