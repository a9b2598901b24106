import { EntityMetadata } from 'typeorm';

import { entitySelectList } from './entity-columns.util';

const metadata = (columns: object[]) => ({ name: 'Thing', columns }) as unknown as EntityMetadata;

describe('entitySelectList', () => {
  it("names each column by the entity's property, under the alias", () => {
    const list = entitySelectList(
      metadata([
        { databaseName: 'id', propertyPath: 'id' },
        { databaseName: 'received_at', propertyPath: 'receivedAt' },
      ]),
      't',
    );
    expect(list).toBe('"t"."id" AS "id", "t"."received_at" AS "receivedAt"');
  });

  it('refuses an entity whose columns transform their values, which plain SQL would skip', () => {
    const thing = metadata([
      { databaseName: 'amount', propertyPath: 'amount', propertyName: 'amount', transformer: {} },
    ]);
    expect(() => entitySelectList(thing, 't')).toThrow(/amount/);
  });
});
