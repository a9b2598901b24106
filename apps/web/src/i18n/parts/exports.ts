import type { Widen } from '../widen';

/**
 * The exports strings added in the second wave, in their own file so that work on different areas
 * never edits the same dictionary lines (merged into it.ts and en.ts under `exportsX`).
 */
export const exportsIt = {
  placeholder: '',
};

export const exportsEn: Widen<typeof exportsIt> = {
  placeholder: '',
};
