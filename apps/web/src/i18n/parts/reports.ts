import type { Widen } from '../widen';

/**
 * The reports strings added in the second wave, in their own file so that work on different areas
 * never edits the same dictionary lines (merged into it.ts and en.ts under `reportsX`).
 */
export const reportsIt = {
  /** SLA.11's late reports, opened from the SLA table. */
  late: {
    title: 'report fuori tempo',
    caption: 'Report sulle interruzioni inviati in ritardo o non inviati',
    period: 'Periodo',
    due: 'Da inviare entro',
    sent: 'Inviato',
    notSent: 'non inviato',
  },
};

export const reportsEn: Widen<typeof reportsIt> = {
  late: {
    title: 'late reports',
    caption: 'Outage reports sent late or not sent',
    period: 'Period',
    due: 'Due by',
    sent: 'Sent',
    notSent: 'not sent',
  },
};
