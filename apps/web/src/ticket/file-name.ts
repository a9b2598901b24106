/**
 * A file name as shown: bidirectional embedding, override and isolate controls (U+202A-U+202E,
 * U+2066-U+2069) become "_", so "fattura\u202Efdp.exe" cannot pose as "fatturaexe.pdf". The api
 * does the same for its lists and downloads; mail timelines carry the names as senders wrote them.
 */
export function displayFileName(name: string): string {
  return name.replace(/[\u202a-\u202e\u2066-\u2069]/g, '_');
}
