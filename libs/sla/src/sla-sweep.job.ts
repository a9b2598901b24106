import { JobRegistry } from '@app/queue';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { SlaSweeperService } from './sla-sweeper.service';

export const SLA_SWEEP_EVERY_MS = 30_000;

@Injectable()
export class SlaSweepJob implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly sweeper: SlaSweeperService,
  ) {}

  onModuleInit(): void {
    this.registry.register('sla.sweep', async () => {
      await this.sweeper.sweep();
    });
  }
}
