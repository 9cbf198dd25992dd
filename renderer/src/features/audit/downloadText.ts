const BLOB_LIFETIME_MS = 10_000;

/**
 * Hands text (or bytes) to the browser's download (Electron shows its Save dialog) through a Blob
 * and a temporary <a download>; nothing leaves the computer.
 */
export function downloadText(fileName: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked a little later: the download reads the Blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), BLOB_LIFETIME_MS);
}
