import type { Widen } from '../widen';

/**
 * The exports strings added in the second wave, in their own file so that work on different areas
 * never edits the same dictionary lines (merged into it.ts and en.ts under `exportsX`).
 */
export const exportsIt = {
  /** The row of the per-ente and per-category tables for tickets with neither. */
  notSet: '(non indicato)',
};

export const exportsEn: Widen<typeof exportsIt> = {
  notSet: '(not set)',
};
