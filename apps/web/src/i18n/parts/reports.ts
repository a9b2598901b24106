import type { Widen } from '../widen';

/**
 * The reports strings added in the second wave, in their own file so that work on different areas
 * never edits the same dictionary lines (merged into it.ts and en.ts under `reportsX`).
 */
export const reportsIt = {
  placeholder: '',
};

export const reportsEn: Widen<typeof reportsIt> = {
  placeholder: '',
};
