import { firstMatchingRule, matchesConditions, RoutingConditions, RoutingFacts } from './routing-match';

const MAIL: RoutingFacts = {
  channel: 'email',
  mailboxId: 'mb-1',
  enteId: 'ente-1',
  categoryId: null,
  senderAddress: 'Anna.Neri@Uffici.Comune.Pontassieve.fi.it',
  subject: 'La STAMPANTE di rete non stampa',
  body: 'Buongiorno, il protocollo informatico è lento e la posta elettronica non funziona.',
  host: null,
  service: null,
  malfunction: false,
};

const NAGIOS: RoutingFacts = {
  channel: 'monitoring',
  mailboxId: null,
  enteId: null,
  categoryId: 'cat-infra',
  senderAddress: null,
  subject: '[Nagios] srv-db01/PostgreSQL CRITICAL',
  body: 'connection refused',
  host: 'SRV-DB01',
  service: 'PostgreSQL',
  malfunction: true,
};

const cases: [string, RoutingConditions, RoutingFacts, boolean][] = [
  ['no condition, not a catch-all: never', {}, MAIL, false],
  ['catch-all matches everything', { catchAll: true }, NAGIOS, true],
  ['empty lists are no condition', { channel: [], catchAll: true }, MAIL, true],
  ['channel in list', { channel: ['phone', 'email'] }, MAIL, true],
  ['channel not in list', { channel: ['phone'] }, MAIL, false],
  ['mailbox', { mailboxId: ['mb-2', 'mb-1'] }, MAIL, true],
  ['mailbox: a phone ticket has none', { mailboxId: ['mb-1'] }, { ...MAIL, mailboxId: null }, false],
  ['ente', { enteId: ['ente-1'] }, MAIL, true],
  ['ente: none', { enteId: ['ente-1'] }, NAGIOS, false],
  ['category', { categoryId: ['cat-infra'] }, NAGIOS, true],
  ['category: other', { categoryId: ['cat-x'] }, NAGIOS, false],
  [
    'sender domain: a parent of the address domain',
    { senderDomain: ['comune.pontassieve.fi.it'] },
    MAIL,
    true,
  ],
  [
    'sender domain: exact, any case, with @',
    { senderDomain: ['@UFFICI.comune.pontassieve.fi.it'] },
    MAIL,
    true,
  ],
  ['sender domain: a suffix that is not a label', { senderDomain: ['ve.fi.it.x'] }, MAIL, false],
  ['sender domain: partial label never', { senderDomain: ['pontassieve.fi'] }, MAIL, false],
  ['sender domain: tail of a label never', { senderDomain: ['assieve.fi.it'] }, MAIL, false],
  ['sender domain: no sender', { senderDomain: ['fi.it'] }, NAGIOS, false],
  ['keyword in subject, case aside', { keywords: ['stampante'] }, MAIL, true],
  ['keyword in body, accents aside', { keywords: ['PROTOCOLLO INFORMATICO E'] }, MAIL, true],
  ['keyword with accent matches text without', { keywords: ['lènto'] }, MAIL, true],
  ['keyword is a whole word (no stem)', { keywords: ['stampanti'] }, MAIL, false],
  ['keyword is a whole word (no prefix)', { keywords: ['stamp'] }, MAIL, false],
  ['keyword phrase', { keywords: ['posta elettronica'] }, MAIL, true],
  ['keyword: any of', { keywords: ['scanner', 'posta'] }, MAIL, true],
  ['keyword in body only, subject asked', { keywords: ['posta'], keywordsIn: 'subject' }, MAIL, false],
  ['keyword in subject, subject asked', { keywords: ['rete'], keywordsIn: 'subject' }, MAIL, true],
  ['keyword of punctuation only matches nothing', { keywords: ['!!'] }, MAIL, false],
  ['host, case aside', { monitoringHost: ['srv-db01'] }, NAGIOS, true],
  ['host glob', { monitoringHost: ['srv-*'] }, NAGIOS, true],
  ['host glob not matching', { monitoringHost: ['web-*'] }, NAGIOS, false],
  ['host: a mail has none', { monitoringHost: ['*'] }, MAIL, false],
  ['service', { monitoringService: ['postgresql', 'HTTP'] }, NAGIOS, true],
  ['service glob with regex characters', { monitoringService: ['postgre(sql)'] }, NAGIOS, false],
  ['malfunction true', { malfunction: true }, NAGIOS, true],
  ['malfunction false', { malfunction: false }, NAGIOS, false],
  ['malfunction false matches a plain request', { malfunction: false }, MAIL, true],
  ['all must hold', { channel: ['email'], enteId: ['ente-1'], keywords: ['stampante'] }, MAIL, true],
  [
    'all must hold: one fails',
    { channel: ['email'], enteId: ['ente-2'], keywords: ['stampante'] },
    MAIL,
    false,
  ],
  ['catch-all with conditions: the conditions count', { catchAll: true, channel: ['phone'] }, MAIL, false],
];

describe('matchesConditions', () => {
  it.each(cases)('%s', (_name, conditions, facts, expected) => {
    expect(matchesConditions(conditions, facts)).toBe(expected);
  });
});

describe('firstMatchingRule', () => {
  const rules = [
    { id: 'off', enabled: false, conditions: { channel: ['email'] } as RoutingConditions },
    { id: 'monitoring', enabled: true, conditions: { channel: ['monitoring'] } as RoutingConditions },
    { id: 'printers', enabled: true, conditions: { keywords: ['stampante'] } },
    { id: 'mail', enabled: true, conditions: { channel: ['email'] } as RoutingConditions },
    { id: 'rest', enabled: true, conditions: { catchAll: true } },
  ];
  it.each([
    ['the first match wins, disabled rules skipped', MAIL, 'printers'],
    ['an earlier rule first', NAGIOS, 'monitoring'],
    ['the catch-all last', { ...MAIL, channel: 'phone' as const, subject: 'Password', body: '' }, 'rest'],
  ])('%s', (_name, facts, expected) => {
    expect(firstMatchingRule(rules, facts)?.id).toBe(expected);
  });

  it('no rule, no match', () => {
    expect(firstMatchingRule([], MAIL)).toBeNull();
    expect(firstMatchingRule(rules.slice(0, 2), MAIL)).toBeNull();
  });
});
