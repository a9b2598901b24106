import { useQuery } from '@tanstack/react-query';

import { get } from '../client';
import type { Schemas } from '../types';

export type TagList = Schemas['TagListResponse'];
export type Tag = Schemas['TagResponse'];
export type MacroList = Schemas['MacroListResponse'];
export type Macro = Schemas['MacroResponse'];
export type MacroPreview = Schemas['MacroPreviewResponse'];
export type BulkAction = Schemas['BulkActionDto'];
export type BulkResult = Schemas['BulkResponse'];

/** Query keys of the tag list (issue 19.5). */
export const tagKeys = {
  all: () => ['tags'] as const,
};

/** Query keys of the macros (issue 19.4). */
export const macroKeys = {
  all: () => ['macros'] as const,
};

const LIST_STALE_MS = 60_000;

/** The admins' tag list and whether free tags are allowed (staff). */
export function useTags(enabled = true) {
  return useQuery({
    queryKey: tagKeys.all(),
    queryFn: ({ signal }) => get<TagList>('/api/tags', undefined, signal),
    staleTime: LIST_STALE_MS,
    enabled,
  });
}

/** Every macro, which the caller may edit, the placeholders allowed, the teams the caller leads. */
export function useMacros(enabled = true) {
  return useQuery({
    queryKey: macroKeys.all(),
    queryFn: ({ signal }) => get<MacroList>('/api/macros', undefined, signal),
    staleTime: LIST_STALE_MS,
    enabled,
  });
}
