import { slaPhraseInEnglish } from './sla-english.util';

describe('the SLA table in English', () => {
  it.each([
    ['entro 1h lavorativa', 'within 1 business hour'],
    ['Entro 6h lavorative', 'Within 6 business hours'],
    ['entro 30 min lavorativi', 'within 30 business minutes'],
    ['entro 2h dalla comunicazione', 'within 2 h of the call'],
    ['entro il giorno lavorativo successivo', 'by the next business day'],
    ["entro 30' da avvio intervento", 'within 30 min of the start of work'],
    ['Ogni 6 mesi', 'Every 6 months'],
    ['Ogni mese', 'Every month'],
    ['87.5% nei tempi', '87.5% on time'],
    ['2 report su 3 nei tempi', '2 of 3 reports on time'],
    ['1 report fuori tempo su 3', '1 of 3 reports late'],
    ['3 fuori tempo su 40 (7.5%)', '3 late out of 40 (7.5%)'],
    ['Nessuno scostamento rilevato', 'No deviation'],
    ['Nessuna interruzione', 'No outages'],
    ['Prestazione migliorativa', 'Better than the contract'],
    ['nessun dato', 'no data'],
    [
      'bassa: entro 30 min lavorativi; medio-bassa: entro 4h lavorative; alta: entro il giorno lavorativo successivo',
      'low: within 30 business minutes; medium-low: within 4 business hours; high: by the next business day',
    ],
  ])('says "%s" as "%s"', (italian, english) => {
    expect(slaPhraseInEnglish(italian)).toBe(english);
  });

  it.each(['99.00%', '7 ms', '-', '+0.50%', '-1.25%', '99.996%'])(
    'leaves the figure "%s" as it is',
    (figure) => {
      expect(slaPhraseInEnglish(figure)).toBe(figure);
    },
  );
});
