import type { Widen } from '../widen';

/**
 * The workspace strings added in the second wave, in their own file so that work on different areas
 * never edits the same dictionary lines (merged into it.ts and en.ts under `workspaceX`).
 */
export const workspaceIt = {
  placeholder: '',
};

export const workspaceEn: Widen<typeof workspaceIt> = {
  placeholder: '',
};
