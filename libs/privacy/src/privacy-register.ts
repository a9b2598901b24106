import type { PrivacyPolicyRow } from './privacy-policy.repository';
import { Bilingual, DATA_CLASS_DESCRIPTIONS, DATA_CLASSES, DataClass } from './privacy-policy.types';

/** The record of processing activities (GDPR art. 30.1), as the API and the PDF give it. */
export interface PrivacyRegister {
  policyVersion: number;
  /** When this version of the policy was published. */
  publishedAt: Date;
  controller: { name: string; address: string; email: string };
  dpo: { email: string };
  activity: Bilingual;
  purposes: Bilingual[];
  dataSubjects: Bilingual[];
  dataClasses: {
    code: DataClass;
    description: Bilingual;
    retentionDays: number;
    minimumDays: number;
    from: Bilingual;
  }[];
  /** Data outside the retention classes, each with its own fixed limit (the public form's). */
  otherData: { code: string; description: Bilingual; retention: Bilingual }[];
  recipients: Bilingual[];
  processors: { name: string; role: Bilingual }[];
  transfers: Bilingual;
  securityMeasures: Bilingual[];
}

const ACTIVITY: Bilingual = {
  it: 'Help desk del centro servizi: gestione delle segnalazioni ricevute per e-mail, telefono, modulo web pubblico e monitoraggio',
  en: 'Service-centre help desk: handling the reports received by e-mail, phone, the public web form and monitoring',
};

const DATA_SUBJECTS: Bilingual[] = [
  { it: 'Cittadini che chiedono assistenza', en: 'Citizens asking for support' },
  {
    it: 'Personale degli uffici dei Comuni consorziati che segnala problemi',
    en: "Staff of the member municipalities' offices reporting problems",
  },
  { it: 'Personale del centro servizi (operatori, supervisori, amministratori)', en: 'Service-centre staff' },
];

const TRANSFERS: Bilingual = {
  it: 'Nessun trasferimento verso paesi terzi da parte del servizio: i dati restano sui server dell’installazione e presso i responsabili indicati',
  en: "No transfer to third countries by the service: the data stay on the installation's servers and with the processors listed",
};

/** What the code itself enforces; the installation's own measures (network, backups) are in its documents. */
const SECURITY_MEASURES: Bilingual[] = [
  {
    it: 'Accesso solo al personale autenticato, per ruolo; i referenti dei Comuni vedono solo i ticket del proprio ente',
    en: "Access only for signed-in staff, by role; municipal referents see only their own municipality's tickets",
  },
  {
    it: 'Password conservate con argon2, blocco dopo ripetuti tentativi falliti, sessioni con cookie HttpOnly e protezione CSRF',
    en: 'Passwords stored with argon2, lock-out after repeated failed sign-ins, HttpOnly session cookies and CSRF protection',
  },
  {
    it: 'Registro di audit delle operazioni del personale e delle letture dei referenti, senza copia dei dati personali',
    en: "Audit log of staff's operations and of referents' reads, without copies of the personal data",
  },
  {
    it: 'HTML delle e-mail ripulito all’arrivo; allegati sempre scaricati, mai aperti nel browser; credenziali delle caselle cifrate',
    en: 'E-mail HTML sanitised on arrival; attachments always downloaded, never opened in the browser; mailbox credentials encrypted',
  },
  {
    it: 'Modulo web pubblico senza servizi di terzi: campo nascosto, tempo minimo di compilazione, limiti per indirizzo, per e-mail e per minuto, dimensioni massime; delle richieste rifiutate non si conserva nulla oltre ai contatori cifrati',
    en: 'Public web form without third-party services: a hidden field, a minimum fill time, limits per address, per e-mail and per minute, size limits; nothing is kept of refused requests but the hashed counters',
  },
  {
    it: 'Conservazione limitata: cancellazione e anonimizzazione automatiche ogni notte secondo i tempi indicati, salvo blocco legale',
    en: 'Storage limitation: automatic nightly deletion and anonymisation after the periods listed, except under legal hold',
  },
];

/** The public form's own data (issue 20), with the limits the installation is configured with. */
function publicFormData(confirmHours: number): PrivacyRegister['otherData'] {
  return [
    {
      code: 'publicRequests',
      description: {
        it: 'Richieste inviate dal modulo web pubblico in attesa della conferma dell’indirizzo e-mail: nome, e-mail, telefono, ente, argomento, oggetto, testo e allegati',
        en: 'Requests sent by the public web form awaiting confirmation of the e-mail address: name, e-mail, phone, municipality, topic, subject, text and attachments',
      },
      retention: {
        it: `Non confermate: cancellate ${confirmHours} ore dopo l’invio. Confermate: testo e allegati passano al ticket (classi sopra); restano indirizzo e oggetto accanto al ticket, cancellati con i testi del ticket o con la cancellazione del contatto`,
        en: `Unconfirmed: deleted ${confirmHours} hours after sending. Confirmed: the text and attachments move to the ticket (classes above); the address and subject stay beside the ticket until its texts are anonymised or the contact is erased`,
      },
    },
    {
      code: 'publicFormCounters',
      description: {
        it: 'Contatori contro gli abusi del modulo pubblico e del re-invio del link: impronte cifrate (HMAC) dell’indirizzo IP e dell’e-mail, mai gli indirizzi in chiaro',
        en: 'Abuse counters of the public form and of the link re-sending: keyed hashes (HMAC) of the IP and e-mail address, never the addresses themselves',
      },
      retention: { it: 'due giorni', en: 'two days' },
    },
  ];
}

/** Italian first whatever order the stored JSON kept (jsonb sorts keys: "en" before "it"). */
const itFirst = (b: Bilingual): Bilingual => ({ it: b.it, en: b.en });

export function privacyRegister(
  policy: Pick<PrivacyPolicyRow, 'version' | 'definition' | 'createdAt'>,
  publicForm: { confirmHours: number },
): PrivacyRegister {
  const d = policy.definition;
  return {
    policyVersion: policy.version,
    publishedAt: policy.createdAt,
    controller: { name: d.controller.name, address: d.controller.address, email: d.controller.email },
    dpo: { email: d.controller.dpoEmail },
    activity: ACTIVITY,
    purposes: d.purposes.map(itFirst),
    dataSubjects: DATA_SUBJECTS,
    dataClasses: DATA_CLASSES.map((code) => ({
      code,
      description: { it: DATA_CLASS_DESCRIPTIONS[code].it, en: DATA_CLASS_DESCRIPTIONS[code].en },
      retentionDays: d.retention[code].days,
      minimumDays: d.retention[code].minimumDays,
      from: DATA_CLASS_DESCRIPTIONS[code].from,
    })),
    otherData: publicFormData(publicForm.confirmHours),
    recipients: d.recipients.map(itFirst),
    processors: d.processors.map((p) => ({ name: p.name, role: itFirst(p.role) })),
    transfers: TRANSFERS,
    securityMeasures: SECURITY_MEASURES,
  };
}
