import {
  cleanSubject,
  extractTicketNumber,
  MAX_SUBJECT_LENGTH,
  normaliseSubject,
  stripSubjectPrefixes,
} from './subject.util';

describe('stripSubjectPrefixes', () => {
  it.each([
    // Italian clients (Outlook in Italian writes R: and I:; PEC adds POSTA CERTIFICATA:)
    ['Re: Richiesta assistenza SPID', 'Richiesta assistenza SPID'],
    ['RE: Richiesta assistenza SPID', 'Richiesta assistenza SPID'],
    ['R: Richiesta assistenza SPID', 'Richiesta assistenza SPID'],
    ['R: R: R: I: FR-selca LA selcaE', 'FR-selca LA selcaE'],
    ['I: Ordine', 'Ordine'],
    ['Rif: protocollo 1234/2026', 'protocollo 1234/2026'],
    ['RIF: protocollo 1234/2026', 'protocollo 1234/2026'],
    ['Inoltro: pratica edilizia', 'pratica edilizia'],
    ['Inoltra: pratica edilizia', 'pratica edilizia'],
    ['Inoltrato: pratica edilizia', 'pratica edilizia'],
    ['POSTA CERTIFICATA: Diffida', 'Diffida'],
    ['POSTA CERTIFICATA: Re: Diffida', 'Diffida'],
    ['[CST 2026-000123] Re: Accesso negato al portale', 'Accesso negato al portale'],
    ['Re: [CST 2026-000123] Accesso negato al portale', 'Accesso negato al portale'],
    ['R: [#2026-000123] Accesso negato', 'Accesso negato'],
    // numbered and international forms
    ['RE[2]: Problema pagoPA', 'Problema pagoPA'],
    ['Re^2: Problema pagoPA', 'Problema pagoPA'],
    ['Re(3): Problema pagoPA', 'Problema pagoPA'],
    ['Fwd: Fw: FW: documento', 'documento'],
    ['AW: WG: Anfrage', 'Anfrage'],
    ['SV: VS: Fråga', 'Fråga'],
    ['TR: demande', 'demande'],
    ['Antw: vraag', 'vraag'],
    ['Odp: pytanie', 'pytanie'],
    ['Ответ: вопрос', 'вопрос'],
    ['回复：会议', '会议'],
    ['Re : problème', 'problème'],
    ['RE:RE:senza spazi', 'senza spazi'],
    ['  Re:   spazi    multipli  ', 'spazi multipli'],
    ['Fwd: Re: AW: Inoltro: R: stampante guasta', 'stampante guasta'],
    // tags that are not ours stay, and stop the stripping
    ['[External] Re: foo', '[External] Re: foo'],
    ['Re: [External] foo', '[External] foo'],
    // auto-reply markers are kept for the classifier
    ['Automatic reply: Nyaan', 'Automatic reply: Nyaan'],
    ['Risposta automatica: Re: richiesta', 'Risposta automatica: Re: richiesta'],
    ['Auto reply: Nyaan', 'Auto reply: Nyaan'],
    ['Re: Risposta automatica: richiesta', 'Risposta automatica: richiesta'],
    // words that merely start like a prefix are not prefixes
    ['Regione Toscana: bando 2026', 'Regione Toscana: bando 2026'],
    ['Rif. pratica 12', 'Rif. pratica 12'],
    ['Info: orari sportello', 'Info: orari sportello'],
    ['Ricorso: udienza', 'Ricorso: udienza'],
    ['Fwdx: test', 'Fwdx: test'],
    ['', ''],
    ['Re:', ''],
  ])('%j -> %j', (input, expected) => {
    expect(stripSubjectPrefixes(input)).toBe(expected);
  });

  it('lower-cases the normalised form used for comparisons', () => {
    expect(normaliseSubject('R: I: Stampante GUASTA')).toBe('stampante guasta');
  });
});

describe('extractTicketNumber', () => {
  it.each([
    ['[CST 2026-000123] Stampante guasta', '2026-000123'],
    ['Re: [CST 2026-000123] Stampante guasta', '2026-000123'],
    ['R: [cst 2026-000123] stampante', '2026-000123'],
    ['[#2026-000123] Stampante guasta', '2026-000123'],
    ['Ticket 2026-000123 chiuso?', '2026-000123'],
    ['Rif. ticket n. 2026-000045', '2026-000045'],
    ['Sollecito ticket #2026-000045', '2026-000045'],
    ['POSTA CERTIFICATA: Re: [CST 2025-004711] diffida', '2025-004711'],
    ['nessun numero qui', null],
    ['Pratica 2026-000123', null],
    ['[CST 2026-0001234] troppe cifre', null],
    ['[CST 26-000123] anno corto', null],
    ['test [Ticket#10010]', null],
    ['', null],
  ])('%j -> %j', (subject, expected) => {
    expect(extractTicketNumber(subject)).toBe(expected);
  });
});

describe('cleanSubject', () => {
  it('collapses whitespace, drops control characters and trims', () => {
    expect(cleanSubject('  Problema\t\r\n  accesso\u0000 portale  ')).toBe('Problema accesso portale');
  });

  it(`caps the subject at ${MAX_SUBJECT_LENGTH} characters without splitting a surrogate pair`, () => {
    expect(cleanSubject('x'.repeat(5000))).toHaveLength(MAX_SUBJECT_LENGTH);
    const emoji = `${'a'.repeat(MAX_SUBJECT_LENGTH - 1)}😀tail`;
    const cut = cleanSubject(emoji);
    expect(cut.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(cut).not.toMatch(/[\ud800-\udbff]$/);
  });

  it('treats a missing subject as empty', () => {
    expect(cleanSubject(undefined)).toBe('');
  });
});
