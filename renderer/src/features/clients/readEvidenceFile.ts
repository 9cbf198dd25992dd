/** The core's limit for an evidence file (a scanned or signed consent form). */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

export interface EvidenceFile {
  name: string;
  bytes: number;
  base64: string;
}

/** Reads a chosen file as base64 for consent.record; the bytes never leave this window otherwise. */
export function readEvidenceFile(file: File): Promise<EvidenceFile> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const dataUrl = typeof reader.result === 'string' ? reader.result : '';
      const comma = dataUrl.indexOf(',');
      resolve({
        name: file.name.slice(0, 200),
        bytes: file.size,
        base64: comma < 0 ? '' : dataUrl.slice(comma + 1),
      });
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}
