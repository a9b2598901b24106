import type { Widen } from '../widen';

/**
 * The citizens' satisfaction on the reports page (issue 20.3), in its own file (merged into it.ts
 * and en.ts under `satisfactionX`).
 */
export const satisfactionIt = {
  title: 'Soddisfazione dei cittadini',
  hint: 'I questionari inviati dopo le risoluzioni del periodo (voto da 1 a 5 e un commento facoltativo).',
  by: 'Raggruppa per',
  group: { month: 'Mese', channel: 'Canale', ente: 'Ente', team: 'Team', agent: 'Operatore' },
  sent: 'Inviati',
  answered: 'Risposte',
  responseRate: '% risposte',
  average: 'Media',
  score: 'Voto {{score}}',
  total: 'Totale',
  none: 'Nessun questionario inviato nel periodo.',
  loading: 'Caricamento…',
  download: 'Scarica',
  comments: 'Commenti',
  noComments: 'Nessun commento nel periodo.',
  date: 'Data',
  rating: 'Voto',
  comment: 'Commento',
  ticket: 'Ticket',
  ente: 'Ente',
  agent: 'Operatore',
  commentsCapped: 'Sono mostrati i 500 commenti più recenti.',
};

export const satisfactionEn: Widen<typeof satisfactionIt> = {
  title: 'Citizens’ satisfaction',
  hint: 'The surveys sent after the period’s resolutions (a score from 1 to 5 and an optional comment).',
  by: 'Group by',
  group: { month: 'Month', channel: 'Channel', ente: 'Municipality', team: 'Team', agent: 'Agent' },
  sent: 'Sent',
  answered: 'Answered',
  responseRate: '% answered',
  average: 'Average',
  score: 'Score {{score}}',
  total: 'Total',
  none: 'No survey sent in the period.',
  loading: 'Loading…',
  download: 'Download',
  comments: 'Comments',
  noComments: 'No comment in the period.',
  date: 'Date',
  rating: 'Score',
  comment: 'Comment',
  ticket: 'Ticket',
  ente: 'Municipality',
  agent: 'Agent',
  commentsCapped: 'The 500 most recent comments are shown.',
};
