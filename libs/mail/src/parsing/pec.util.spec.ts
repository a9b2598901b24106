import { daticertXml, pecEnvelope, pecOriginal } from './mail-test.fixture';
import { parseMimeStructure } from './mime-structure.util';
import {
  findPecParts,
  isPecEnvelope,
  parseDaticert,
  PEC_ERROR_RECEIPTS,
  readDaticert,
  readPecHeaders,
} from './pec.util';

describe('parseDaticert', () => {
  it('reads every field of a delivery receipt', () => {
    const xml = daticertXml({
      tipo: 'avvenuta-consegna',
      destinatari: ['a@pec.esempio.it', 'b@pec.esempio.it'],
      oggetto: 'Fattura <n. 12> & allegati',
      msgid: '<x-1@pec.esempio.it>',
      ricevuta: 'completa',
      consegna: 'a@pec.esempio.it',
    });
    expect(parseDaticert(xml)).toEqual({
      tipo: 'avvenuta-consegna',
      errore: 'nessuno',
      mittente: 'protocollo@pec.comune.esempio.it',
      destinatari: 'a@pec.esempio.it, b@pec.esempio.it',
      risposte: 'protocollo@pec.comune.esempio.it',
      oggetto: 'Fattura <n. 12> & allegati',
      'gestore-emittente': 'Gestore PEC Esempio S.p.A.',
      data: '12/01/2026',
      ora: '10:15:32',
      zona: '+0100',
      identificativo: 'opec21012.20260112101532.12345.678.1.53@pec.gestore.esempio.it',
      msgid: '<x-1@pec.esempio.it>',
      ricevuta: 'completa',
      consegna: 'a@pec.esempio.it',
    });
  });

  it('reads a compact single-line daticert with CDATA and numeric references', () => {
    const xml =
      '<postacert tipo="errore-consegna" errore="no-dest"><intestazione><mittente>m@pec.it</mittente>' +
      '<oggetto><![CDATA[Oggetto & co]]></oggetto></intestazione><dati><msgid>&#60;id@pec.it&#62;</msgid>' +
      '<errore-esteso>5.1.1 - Casella inesistente</errore-esteso></dati></postacert>';
    expect(parseDaticert(xml)).toEqual({
      tipo: 'errore-consegna',
      errore: 'no-dest',
      mittente: 'm@pec.it',
      oggetto: 'Oggetto & co',
      msgid: '<id@pec.it>',
      'errore-esteso': '5.1.1 - Casella inesistente',
    });
  });

  it.each([['<fattura/>'], ['not xml at all'], ['']])('returns null for %j', (xml) => {
    expect(parseDaticert(xml)).toBeNull();
  });

  it('does not expand external entities', () => {
    const xml =
      '<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><postacert tipo="accettazione"><oggetto>&x;</oggetto></postacert>';
    expect(parseDaticert(xml)).toEqual({ tipo: 'accettazione', oggetto: '&x;' });
  });
});

describe('PEC headers and parts', () => {
  it('recognises an envelope and finds daticert.xml and postacert.eml among its own parts', () => {
    const structure = parseMimeStructure(pecEnvelope(pecOriginal()).toString('latin1'));
    const pec = readPecHeaders(structure.root.headers);
    expect(pec).toEqual({
      transport: 'posta-certificata',
      receipt: null,
      referencedMessageId: '<original-123@pec.comune.esempio.it>',
    });
    expect(isPecEnvelope(pec)).toBe(true);
    const parts = findPecParts(structure.root);
    expect(parts.postacert?.contentType).toBe('message/rfc822');
    expect(readDaticert(parts.daticert)).toMatchObject({ tipo: 'posta-certificata' });
  });

  it('treats a receipt as a receipt even if it also says X-Trasporto', () => {
    expect(
      isPecEnvelope({ transport: 'posta-certificata', receipt: 'accettazione', referencedMessageId: null }),
    ).toBe(false);
  });

  it('lists the receipt types that report an error', () => {
    expect([...PEC_ERROR_RECEIPTS].sort()).toEqual([
      'errore-consegna',
      'non-accettazione',
      'preavviso-errore-consegna',
      'rilevazione-virus',
    ]);
  });
});
