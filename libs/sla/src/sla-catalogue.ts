import type { TicketDifficulty } from './ticket-kinds';

/**
 * Where an SLA's figure comes from: the Nagios state history, a ticket's clocks, an outage's
 * notices, or the periodic outage reports' deliveries.
 */
export type SlaSource = 'monitoring' | 'ticket' | 'outage' | 'periodic';

export interface SlaCatalogueEntry {
  code: string;
  /** What it measures (the contract's words, Italian then English). */
  title: string;
  titleEn: string;
  /** The contract's target, as the consortium's table writes it. */
  target: string;
  source: SlaSource;
  /** Where it is measured: the library and the class that compute the figure. */
  measuredIn: { lib: string; by: string };
  /** Where its parameters (targets, objects, calendars) are configured. */
  configuredIn: string;
}

const AVAILABILITY = {
  source: 'monitoring',
  measuredIn: { lib: 'libs/monitoring', by: 'AvailabilityService' },
  configuredIn: 'config/sla/availability.json',
} as const;
const TICKET_CLOCK = {
  source: 'ticket',
  measuredIn: { lib: 'libs/sla', by: 'SlaClockService (clock-plan.ts), read by SlaComplianceService' },
  configuredIn: 'config/sla/default-policy.json (the active policy)',
} as const;
const OUTAGE_NOTICE = {
  source: 'outage',
  measuredIn: { lib: 'libs/outages', by: 'OutageReportService (outage-clock.util.ts)' },
  configuredIn: 'config/sla/outages.json (notices)',
} as const;

/**
 * The 2017 contract's SLAs in the order of the consortium's table. The codes of the ticket clocks
 * are those of the active policy; the reports (libs/reporting SlaComplianceService) put the rows
 * of every source together.
 */
export const SLA_CATALOGUE: readonly SlaCatalogueEntry[] = [
  {
    code: 'SLA.1',
    title: 'Uptime dei sistemi di database',
    titleEn: 'Uptime of the database systems (CSDB1, CSDB2)',
    target: '99.0%',
    ...AVAILABILITY,
  },
  {
    code: 'SLA.2',
    title: 'Uptime del sistema ICMS',
    titleEn: 'Uptime of the ICMS system (CSICMS)',
    target: '98.5%',
    ...AVAILABILITY,
  },
  {
    code: 'SLA.3',
    title: 'Tempo massimo di risposta interno di un servizio non autenticato',
    titleEn: 'Max internal response time of a sample unauthenticated service (Nagios wget probe)',
    target: '7 ms',
    ...AVAILABILITY,
  },
  {
    code: 'SLA.4',
    title: 'Uptime del portale dei servizi',
    titleEn: 'Uptime of the services portal (CSCMS)',
    target: '98.5%',
    ...AVAILABILITY,
  },
  {
    code: 'SLA.5',
    title: 'Accessibilità complessiva',
    titleEn: 'Overall accessibility: mean of the CSDB1, CSDB2, CSCMS, CSICMS, CSBO uptimes',
    target: '98.0%',
    ...AVAILABILITY,
  },
  {
    code: 'SLA.6',
    title: 'Presa in carico della segnalazione',
    titleEn: 'Taking charge of a report',
    target: 'entro 1 ora lavorativa / within 1 business hour',
    ...TICKET_CLOCK,
  },
  {
    code: 'SLA.7',
    title: 'Risposta via mail o telefonica',
    titleEn: 'Answer by e-mail or phone',
    target: 'entro 6 ore lavorative / within 6 business hours',
    ...TICKET_CLOCK,
  },
  {
    code: 'SLA.8',
    title: 'Intervento a seguito di segnalazione telefonica sulle cause del malfunzionamento',
    titleEn: 'Intervention on the cause of a malfunction reported by phone',
    target: 'entro 2 ore dalla chiamata / within 2 h of the call',
    ...TICKET_CLOCK,
  },
  {
    code: 'SLA.9',
    title: 'Comunicazione tempestiva agli uffici dell’ente di un’interruzione non programmata',
    titleEn: 'Prompt notice to the ente’s offices of an unplanned outage',
    target: 'entro 30 min dall’inizio dell’intervento / within 30 min of the intervention’s start',
    ...OUTAGE_NOTICE,
  },
  {
    code: 'SLA.10',
    title: 'Comunicazione agli utenti di un’interruzione superiore a 30 min',
    titleEn: 'Notice to users of an interruption longer than 30 min',
    target: 'entro 60 min dall’inizio dell’intervento / within 60 min of the intervention’s start',
    ...OUTAGE_NOTICE,
  },
  {
    code: 'SLA.11',
    title: 'Report sui malfunzionamenti che hanno causato interruzioni',
    titleEn: 'Report on the malfunctions that caused interruptions',
    target: 'ogni 6 mesi (il CST lo invia ogni 3) / every 6 months (CST sends it every 3)',
    source: 'periodic',
    measuredIn: { lib: 'libs/outages', by: 'OutageReportService (deliveries of OutageReportMailer)' },
    configuredIn: 'config/sla/outages.json (report)',
  },
];

/** The CED support (Supporto CED enti): one clock whose target follows the ticket's difficulty. */
export const CED_CLOCK_CODE = 'CED';

export interface CedTier {
  difficulty: TicketDifficulty;
  /** The difficulty in the reports' words. */
  word: string;
  target: string;
  what: string;
}

/** The four CED tiers; measured like the ticket clocks (libs/sla), configured in the policy's byDifficulty. */
export const CED_TIERS: readonly CedTier[] = [
  {
    difficulty: 'low',
    word: 'bassa',
    target: '30 min',
    what: 'assistenza ordinaria: installazioni hw/sw, periferiche',
  },
  {
    difficulty: 'medium_low',
    word: 'medio-bassa',
    target: '4 h',
    what: 'ordinaria o straordinaria: installazioni e configurazioni',
  },
  { difficulty: 'medium_high', word: 'medio-alta', target: '8 h', what: 'straordinaria' },
  {
    difficulty: 'high',
    word: 'alta',
    target: 'Next Business Day',
    what: 'installazioni e configurazioni complesse',
  },
];

/** The catalogue entry of a code, if it is one of the contract's SLA.1-SLA.11. */
export function slaEntry(code: string): SlaCatalogueEntry | undefined {
  return SLA_CATALOGUE.find((e) => e.code === code);
}
