/**
 * Bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069): in a
 * file name they reverse what follows, so "fattura\u202Efdp.exe" reads as "fatturaexe.pdf".
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** The text with every bidirectional control shown as "_", so a name reads as it really is. */
export function neutraliseBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '_');
}
