import type { Widen } from '../widen';

/**
 * The reports strings added in the second wave, in their own file so that work on different areas
 * never edits the same dictionary lines (merged into it.ts and en.ts under `reportsX`).
 */
export const reportsIt = {
  byEnte: 'Ticket per ente',
  byCategory: 'Ticket per categoria',
  byTag: 'Ticket per etichetta',
  tag: 'Etichetta',
  /** The by-tag row of the tickets that carry no tag. */
  untagged: 'Senza etichetta',
  noTagged: 'Nessun ticket del periodo ha un’etichetta.',
  tagNote: 'Un ticket con più etichette conta sotto ciascuna: le righe possono sommare più dei ticket.',
  noTickets: 'Nessun ticket nel periodo',
  outageReport: 'Report interruzioni (SLA.11)',
  undelivered: 'avviso non recapitato: nessun indirizzo per questi enti',
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
  byEnte: 'Tickets per municipality',
  byCategory: 'Tickets per category',
  byTag: 'Tickets per tag',
  tag: 'Tag',
  untagged: 'Without tags',
  noTagged: 'No ticket of the period carries a tag.',
  tagNote: 'A ticket with several tags counts under each: the rows may add up to more than the tickets.',
  noTickets: 'No tickets in the period',
  outageReport: 'Outage report (SLA.11)',
  undelivered: 'notice not delivered: no address for these municipalities',
  late: {
    title: 'late reports',
    caption: 'Outage reports sent late or not sent',
    period: 'Period',
    due: 'Due by',
    sent: 'Sent',
    notSent: 'not sent',
  },
};
