/** macOS uses Cmd where other systems use Ctrl for application shortcuts. */
export const isMac: boolean = /Mac|iPhone|iPad/.test(navigator.platform);

/** How a shortcut is printed next to a control. */
export function shortcutHint(key: string): string {
  return isMac ? `⌘${key}` : `Ctrl+${key}`;
}

/** How a shortcut is read out by a screen reader. */
export function shortcutDescription(key: string): string {
  return isMac ? `Command+${key}` : `Control+${key}`;
}

/** True for Cmd (macOS) or Ctrl (elsewhere), with no Alt, so AltGr text entry is left alone. */
export function hasShortcutModifier(event: KeyboardEvent): boolean {
  const primary = isMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  return primary && !event.altKey;
}
