import type { OutageClock } from './outage-clock.util';
import type { OutageSlaRow } from './outage-sla.util';

/** SLA.11's report of a period: what the service computes and the PDF/XLSX exports print. */
export interface OutageReportLine {
  id: string;
  title: string;
  services: string[];
  entes: string[];
  planned: boolean;
  startedAt: Date;
  interventionStartedAt: Date | null;
  endedAt: Date | null;
  durationMinutes: number | null;
  cause: string;
  notices: {
    kind: 'entes' | 'users';
    sentAt: Date;
    dueAt: Date | null;
    recipients: number;
    published: boolean;
  }[];
  clocks: OutageClock[];
}

export interface OutageReport {
  from: string;
  to: string;
  generatedAt: Date;
  outages: OutageReportLine[];
  totals: { outages: number; unplanned: number; planned: number; ongoing: number; downMinutes: number };
  sla: OutageSlaRow[];
}
