import { useQuery } from '@tanstack/react-query';

import { get } from '../client';
import type { Schemas } from '../types';

export type RoutingRule = Schemas['RoutingRuleResponse'];
export type RoutingConditions = Schemas['RoutingConditionsDto'];
export type RoutingActions = Schemas['RoutingActionsDto'];
export type RoutingPreview = Schemas['RoutingPreviewResponse'];
export type RouteTicketResult = Schemas['RouteTicketResponse'];

/** Query keys of the routing rules (issue 19.2): one invalidation refreshes the list after any edit. */
export const routingKeys = {
  all: () => ['routing-rules'] as const,
  list: () => ['routing-rules', 'list'] as const,
};

/** The rules in order (supervisors and admins). */
export function useRoutingRules(enabled = true) {
  return useQuery({
    queryKey: routingKeys.list(),
    queryFn: ({ signal }) => get<RoutingRule[]>('/api/routing-rules', undefined, signal),
    enabled,
  });
}
