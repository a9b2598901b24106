import { renderTemplate, unknownPlaceholders } from './macro-template.util';

describe('macro placeholders', () => {
  it.each<[string, string[]]>([
    ['Gentile {{requester.name}}, il ticket {{ticket.number}} è risolto.', []],
    ['{{ agent.name }} - {{ente.name}} {{category.name}} {{team.name}} {{ticket.subject}}', []],
    ['Gentile {{cliente.nome}}', ['cliente.nome']],
    ['{{x}} {{x}} {{y}}', ['x', 'y']],
    ['{{}}', ['']],
    ['nessun segnaposto, solo { graffe }', []],
  ])('%j: unknown %j', (text, unknown) => {
    expect(unknownPlaceholders(text)).toEqual(unknown);
  });

  it.each<[string, Record<string, string | null>, string]>([
    [
      'Gentile {{requester.name}}, ticket {{ticket.number}}.',
      { 'requester.name': 'Lucia Serra', 'ticket.number': '2026-000042' },
      'Gentile Lucia Serra, ticket 2026-000042.',
    ],
    ['{{ ente.name }}', { 'ente.name': 'Comune di Pontassieve' }, 'Comune di Pontassieve'],
    ['Categoria: {{category.name}}.', { 'category.name': null }, 'Categoria: .'],
    ['{{agent.name}} e {{agent.name}}', { 'agent.name': 'Mario' }, 'Mario e Mario'],
  ])('renders %j', (text, values, expected) => {
    expect(renderTemplate(text, values)).toBe(expected);
  });
});
