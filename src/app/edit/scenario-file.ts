// A scenario file from the user's disk (file input or drag and drop) as text: bounded in
// size, UTF-8 only (a UTF-16 file or a binary says so instead of turning into mojibake),
// with the byte-order mark some editors write removed (JSON.parse refuses it).

/** Largest scenario file opened, in bytes: the bundled scenarios are under 40 KB. */
export const MAX_FILE = 2 * 1024 * 1024;

export type FileText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

export function scenarioFileText(bytes: Uint8Array, name: string): FileText {
  const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
  if (bytes.length > MAX_FILE) return tooLarge(shown, bytes.length);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { ok: false, message: `${shown} is saved as UTF-16; save it as UTF-8 and open it again.` };
  let text: string;
  try {
    // ignoreBOM: false means the decoder removes a leading UTF-8 byte-order mark.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, message: `${shown} is not UTF-8 text; a scenario file is JSON saved as UTF-8.` };
  }
  if (text.includes('\u0000')) return { ok: false, message: `${shown} holds NUL bytes: it is not a JSON text file.` };
  return { ok: true, text };
}

/** A File from an input or a drop, read as scenario text; a too-large file is not even read. */
export async function readScenarioFile(file: File): Promise<FileText> {
  if (file.size > MAX_FILE) return tooLarge(JSON.stringify(file.name.slice(0, 80)), file.size);
  try {
    return scenarioFileText(new Uint8Array(await file.arrayBuffer()), file.name);
  } catch (e) {
    return { ok: false, message: `The file could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

const tooLarge = (shown: string, size: number): FileText => ({
  ok: false,
  message: `${shown} is ${(size / 1024 / 1024).toFixed(1)} MB; scenario files are at most ${MAX_FILE / 1024 / 1024} MB.`,
});
