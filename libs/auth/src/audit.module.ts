import { Module } from '@nestjs/common';

import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/**
 * The audit log on its own: modules that audit (the referents' reads in tickets and reporting)
 * import it, so they also load where the sign-in machinery does not (the worker process).
 */
@Module({ providers: [AuditService, AuditRepository], exports: [AuditService] })
export class AuditModule {}
