import type { EnteKind, UserRole } from '../entities';

/** The entes of the 2017 report (service portfolio and services per ente). */
export const DEMO_ENTES: Array<{ code: string; name: string; kind: EnteKind; calendarCode?: string }> = [
  { code: 'BAGNO-A-RIPOLI', name: 'Comune di Bagno a Ripoli', kind: 'comune' },
  { code: 'BARBERINO-MUGELLO', name: 'Comune di Barberino di Mugello', kind: 'comune' },
  { code: 'BARBERINO-TAVARNELLE', name: 'Comune di Barberino Tavarnelle', kind: 'comune' },
  { code: 'BORGO-SAN-LORENZO', name: 'Comune di Borgo San Lorenzo', kind: 'comune' },
  { code: 'CITTA-METROPOLITANA', name: 'Città Metropolitana di Firenze', kind: 'citta_metropolitana' },
  { code: 'DICOMANO', name: 'Comune di Dicomano', kind: 'comune' },
  { code: 'FIESOLE', name: 'Comune di Fiesole', kind: 'comune' },
  { code: 'FIGLINE-INCISA', name: 'Comune di Figline e Incisa Valdarno', kind: 'comune' },
  { code: 'FIRENZE', name: 'Comune di Firenze', kind: 'comune', calendarCode: 'cst' },
  { code: 'FIRENZUOLA', name: 'Comune di Firenzuola', kind: 'comune' },
  { code: 'LONDA', name: 'Comune di Londa', kind: 'comune' },
  { code: 'MARRADI', name: 'Comune di Marradi', kind: 'comune' },
  { code: 'PALAZZUOLO', name: 'Comune di Palazzuolo sul Senio', kind: 'comune' },
  { code: 'PELAGO', name: 'Comune di Pelago', kind: 'comune' },
  { code: 'PONTASSIEVE', name: 'Comune di Pontassieve', kind: 'comune' },
  { code: 'REGGELLO', name: 'Comune di Reggello', kind: 'comune' },
  { code: 'RIGNANO', name: "Comune di Rignano sull'Arno", kind: 'comune' },
  { code: 'RUFINA', name: 'Comune di Rufina', kind: 'comune' },
  { code: 'SAN-CASCIANO', name: 'Comune di San Casciano in Val di Pesa', kind: 'comune' },
  { code: 'SAN-GODENZO', name: 'Comune di San Godenzo', kind: 'comune' },
  { code: 'SCANDICCI', name: 'Comune di Scandicci', kind: 'comune' },
  { code: 'SCARPERIA-SAN-PIERO', name: 'Comune di Scarperia e San Piero', kind: 'comune' },
  { code: 'SESTO-FIORENTINO', name: 'Comune di Sesto Fiorentino', kind: 'comune' },
  { code: 'TAVARNELLE', name: 'Comune di Tavarnelle Val di Pesa', kind: 'comune' },
  { code: 'VAGLIA', name: 'Comune di Vaglia', kind: 'comune' },
  { code: 'VICCHIO', name: 'Comune di Vicchio', kind: 'comune' },
  { code: 'UCM', name: 'Unione Montana dei Comuni del Mugello', kind: 'unione' },
  { code: 'UCVV', name: 'Unione di Comuni Valdarno e Valdisieve', kind: 'unione' },
  { code: 'UC-CHIANTI', name: 'Unione Comunale del Chianti Fiorentino', kind: 'unione' },
];

/** Categories: the portal's service areas of the 2017 report plus the service centre's own. */
export const DEMO_CATEGORIES: Array<{ code: string; name: string }> = [
  { code: 'ACCESSO', name: 'Accesso e credenziali (SPID, CNS)' },
  { code: 'PAGAMENTI', name: 'Pagamenti online' },
  { code: 'PRENOTAZIONI', name: 'Prenotazioni' },
  { code: 'ANAGRAFE', name: 'Anagrafe, stato civile e cittadinanza' },
  { code: 'TRIBUTI', name: 'Tributi' },
  { code: 'ISTRUZIONE', name: 'Istruzione e formazione (mense, trasporto scolastico)' },
  { code: 'EDILIZIA', name: 'Urbanistica, edilizia e lavori pubblici' },
  { code: 'SUAP', name: 'RPC-SUAP e imprese' },
  { code: 'RETE-CIVICA', name: 'Rete civica e portale dei servizi' },
  { code: 'DOCUMENTALE', name: 'Gestione documentale' },
  { code: 'APP', name: 'App istituzionale' },
  { code: 'CED', name: 'Supporto CED enti' },
  { code: 'MONITORAGGIO', name: 'Monitoraggio e infrastruttura' },
];

/**
 * The demo's password for every demo user, printed in the start banner and the README. Demo
 * data is seeded only on the embedded default and never in production.
 */
export const DEMO_PASSWORD = 'cst-demo-2026';

/** Fixed ids and addresses so that the README can name them. */
export const DEMO_USERS: Array<{ id: string; email: string; name: string; role: UserRole }> = [
  {
    id: '00000000-0000-4000-8000-000000000001',
    email: 'admin@cst.example',
    name: 'Amministratore CST',
    role: 'admin',
  },
  {
    id: '00000000-0000-4000-8000-000000000002',
    email: 'supervisore@cst.example',
    name: 'Giulia Bianchi',
    role: 'supervisor',
  },
  {
    id: '00000000-0000-4000-8000-000000000003',
    email: 'operatore1@cst.example',
    name: 'Marco Rossi',
    role: 'agent',
  },
  {
    id: '00000000-0000-4000-8000-000000000004',
    email: 'operatore2@cst.example',
    name: 'Sara Conti',
    role: 'agent',
  },
  {
    id: '00000000-0000-4000-8000-000000000005',
    email: 'operatore3@cst.example',
    name: 'Luca Ferri',
    role: 'agent',
  },
];

export const DEMO_SUBJECTS: Record<string, string[]> = {
  ACCESSO: ['Non riesco ad accedere con SPID', 'Credenziali scadute sul portale', 'Errore login con CNS'],
  PAGAMENTI: [
    'Pagamento PagoPA non registrato',
    'Ricevuta di pagamento non disponibile',
    'Doppio addebito mensa',
  ],
  PRENOTAZIONI: ['Impossibile prenotare appuntamento anagrafe', 'Prenotazione non confermata'],
  ANAGRAFE: ['Certificato anagrafico non scaricabile', 'Errore richiesta carta d’identità'],
  TRIBUTI: ['Calcolo IMU errato sul portale', 'Avviso TARI non visibile'],
  ISTRUZIONE: ['Iscrizione mensa scolastica bloccata', 'Domanda trasporto scolastico non inviata'],
  EDILIZIA: ['Pratica edilizia non caricata', 'Allegati pratica SUE rifiutati'],
  SUAP: ['Pratica SUAP in errore', 'Firma digitale non riconosciuta su pratica SUAP'],
  'RETE-CIVICA': ['Pagina del comune non aggiornata', 'Link rotto sul sito istituzionale'],
  DOCUMENTALE: ['Protocollo non riceve PEC', 'Errore fascicolazione documento'],
  APP: ['App istituzionale non invia notifiche', 'Crash app su Android'],
  CED: [
    'Installazione stampante ufficio tributi',
    'Configurazione postazione nuovo dipendente',
    'VPN non funzionante',
  ],
  MONITORAGGIO: ['CSCMS: servizio HTTP critico', 'CSDB1: spazio disco in esaurimento'],
};

export const DEMO_NAMES = [
  'Mario Rossi',
  'Anna Bianchi',
  'Giuseppe Verdi',
  'Francesca Neri',
  'Paolo Gialli',
  'Laura Colombo',
  'Andrea Ricci',
  'Chiara Marino',
  'Stefano Greco',
  'Elena Bruno',
  'Roberto Gallo',
  'Silvia Conti',
  'Ufficio Tributi',
  'Ufficio Anagrafe',
  'Ufficio Scuola',
  'Ufficio SUAP',
  'Polizia Municipale',
  'URP',
];
