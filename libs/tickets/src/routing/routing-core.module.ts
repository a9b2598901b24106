import { Module } from '@nestjs/common';

import { TeamRepository } from '../teams/team.repository';
import { RoutingEngine, RoutingRuleCache } from './routing-engine.service';
import { RoutingRuleRepository } from './routing-rule.repository';

/**
 * The routing rules as the ticket writer applies them: one cache per process, shared with the
 * rules' admin service (an edit here is seen at once; another process's within seconds).
 */
@Module({
  providers: [RoutingRuleRepository, RoutingRuleCache, RoutingEngine, TeamRepository],
  exports: [RoutingRuleRepository, RoutingRuleCache, RoutingEngine],
})
export class RoutingCoreModule {}
