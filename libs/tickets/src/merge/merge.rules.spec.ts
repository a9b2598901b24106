import { ConflictError, ValidationError } from '@app/common';

import { checkMerge, MergeSide } from './merge.rules';

const side = (over: Partial<MergeSide> = {}): MergeSide => ({
  id: 'a',
  number: '2026-000001',
  status: 'open',
  requesterId: 'lucia',
  mergedIntoId: null,
  ...over,
});

describe('checkMerge', () => {
  const target = side({ id: 'b', number: '2026-000002' });
  it.each<[string, MergeSide, MergeSide, 'ok' | 'validation' | 'conflict', string?]>([
    ['same requester, both open', side(), target, 'ok'],
    [
      'a new duplicate into a waiting ticket',
      side({ status: 'new' }),
      { ...target, status: 'waiting' },
      'ok',
    ],
    ['into itself', side(), side(), 'validation', 'self'],
    ['across requesters', side(), { ...target, requesterId: 'mario' }, 'validation', 'otherRequester'],
    [
      'a duplicate with no requester',
      side({ requesterId: null }),
      { ...target, requesterId: null },
      'validation',
      'otherRequester',
    ],
    ['an already merged duplicate', side({ mergedIntoId: 'c' }), target, 'conflict', 'alreadyMerged'],
    ['into a merged ticket', side(), { ...target, mergedIntoId: 'c' }, 'conflict', 'targetMerged'],
    ['into a resolved ticket', side(), { ...target, status: 'resolved' }, 'conflict', 'targetResolved'],
    [
      'into a not-competent ticket',
      side(),
      { ...target, status: 'resolved_not_competent' },
      'conflict',
      'targetResolved',
    ],
    ['a resolved duplicate', side({ status: 'resolved' }), target, 'conflict', 'duplicateResolved'],
  ])('%s', (...[, duplicate, into, outcome, code]) => {
    if (outcome === 'ok') return expect(() => checkMerge(duplicate, into)).not.toThrow();
    let error: unknown;
    try {
      checkMerge(duplicate, into);
    } catch (e) {
      error = e;
    }
    if (outcome === 'validation') {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details?.fields?.[0]).toMatchObject({ field: 'targetId', code });
    } else {
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).details).toMatchObject({ reason: code });
    }
  });
});
