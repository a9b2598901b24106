import { importTimeline, lastInstant, waitingSince } from './import-timeline.util';
import type { ImportRow } from './ticket-import.types';

const t = (time: string) => new Date(`2016-04-04T${time}:00Z`);

const base: ImportRow = {
  line: 2,
  number: '2016-000001',
  channel: 'email',
  status: 'new',
  receivedAt: t('07:00'),
  ente: 'PONTASSIEVE',
  requester: { name: 'Mario Rossi', email: null, phone: null },
  subject: 'Pagamento mensa',
  takenInChargeAt: null,
  takenImplicitly: false,
  firstAnsweredAt: null,
  resolvedAt: null,
  difficulty: null,
  redirectedTo: null,
};
const refs = { enteId: 'ente-1', requesterId: 'contact-1' };

/** The timeline as `type@HH:MM[ from->to]`, the shape reports read. */
function summary(row: Partial<ImportRow>): string[] {
  return importTimeline({ ...base, ...row }, refs).map((e) => {
    const time = e.occurredAt.toISOString().slice(11, 16);
    const change = e.type === 'status_changed' ? ` ${e.payload.from}->${e.payload.to}` : '';
    const direction = e.type === 'message' ? ` ${e.payload.direction}/${e.payload.via}` : '';
    return `${e.type}@${time}${change}${direction}`;
  });
}

describe('importTimeline', () => {
  it.each<[string, Partial<ImportRow>, string[]]>([
    ['new', {}, ['created@07:00', 'message@07:00 in/email']],
    [
      'open',
      { status: 'open', takenInChargeAt: t('07:10') },
      ['created@07:00', 'message@07:00 in/email', 'taken_in_charge@07:10', 'status_changed@07:10 new->open'],
    ],
    [
      'waiting after the answer',
      { status: 'waiting', takenInChargeAt: t('07:10'), firstAnsweredAt: t('08:00') },
      [
        'created@07:00',
        'message@07:00 in/email',
        'taken_in_charge@07:10',
        'status_changed@07:10 new->open',
        'message@08:00 out/email',
        'status_changed@08:00 open->waiting',
      ],
    ],
    [
      'waiting, never answered',
      { status: 'waiting', takenInChargeAt: t('07:10') },
      [
        'created@07:00',
        'message@07:00 in/email',
        'taken_in_charge@07:10',
        'status_changed@07:10 new->open',
        'status_changed@07:10 open->waiting',
      ],
    ],
    [
      'resolved by phone, answered on the phone',
      {
        channel: 'phone',
        status: 'resolved',
        takenInChargeAt: t('07:00'),
        firstAnsweredAt: t('07:00'),
        resolvedAt: t('07:00'),
      },
      [
        'created@07:00',
        'message@07:00 in/phone',
        'taken_in_charge@07:00',
        'status_changed@07:00 new->open',
        'message@07:00 out/phone',
        'status_changed@07:00 open->resolved',
      ],
    ],
    [
      'a monitoring alert answered by e-mail',
      {
        channel: 'monitoring',
        status: 'resolved',
        takenInChargeAt: t('07:05'),
        firstAnsweredAt: t('07:30'),
        resolvedAt: t('09:00'),
      },
      [
        'created@07:00',
        'message@07:00 in/monitoring',
        'taken_in_charge@07:05',
        'status_changed@07:05 new->open',
        'message@07:30 out/email',
        'status_changed@09:00 open->resolved',
      ],
    ],
  ])('%s', (_name, row, expected) => {
    expect(summary(row)).toEqual(expected);
  });

  it('writes the payloads the workflow writes, marked imported', () => {
    const events = importTimeline(
      {
        ...base,
        status: 'resolved_not_competent',
        takenInChargeAt: t('08:00'),
        takenImplicitly: true,
        resolvedAt: t('08:00'),
        redirectedTo: 'Agenzia delle Entrate',
      },
      refs,
    );
    expect(events).toEqual([
      {
        type: 'created',
        occurredAt: t('07:00'),
        payload: {
          channel: 'email',
          number: '2016-000001',
          malfunction: false,
          enteId: 'ente-1',
          requesterId: 'contact-1',
          imported: true,
        },
      },
      {
        type: 'message',
        occurredAt: t('07:00'),
        payload: { direction: 'in', via: 'email' },
        body: 'Pagamento mensa',
      },
      {
        type: 'taken_in_charge',
        occurredAt: t('08:00'),
        payload: { agentId: null, imported: true, implicit: true },
      },
      { type: 'status_changed', occurredAt: t('08:00'), payload: { from: 'new', to: 'open' } },
      {
        type: 'status_changed',
        occurredAt: t('08:00'),
        payload: { from: 'open', to: 'resolved_not_competent', redirectedTo: 'Agenzia delle Entrate' },
      },
    ]);
  });
});

describe('waitingSince and lastInstant', () => {
  it.each<[Partial<ImportRow>, Date | null, Date]>([
    [{}, null, t('07:00')],
    [{ status: 'open', takenInChargeAt: t('07:10') }, null, t('07:10')],
    [{ status: 'waiting', takenInChargeAt: t('07:10') }, t('07:10'), t('07:10')],
    [{ status: 'waiting', takenInChargeAt: t('07:10'), firstAnsweredAt: t('08:00') }, t('08:00'), t('08:00')],
    [{ status: 'resolved', takenInChargeAt: t('07:10'), resolvedAt: t('09:00') }, null, t('09:00')],
  ])('%o', (row, waiting, last) => {
    expect(waitingSince({ ...base, ...row })).toEqual(waiting);
    expect(lastInstant({ ...base, ...row })).toEqual(last);
  });
});
