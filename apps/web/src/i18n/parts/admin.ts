import type { Widen } from '../widen';

/**
 * The admin strings added in the second wave, in their own file so that work on different areas
 * never edits the same dictionary lines (merged into it.ts and en.ts under `adminX`).
 */
export const adminIt = {
  placeholder: '',
};

export const adminEn: Widen<typeof adminIt> = {
  placeholder: '',
};
