import { useCallback, useMemo, useState } from 'react';

/** The queue's ticked rows (issue 19.6), by ticket id: kept across pages, cleared after an action. */
export function useSelection() {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback((id: string, on: boolean) => {
    setIds((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const setMany = useCallback((many: readonly string[], on: boolean) => {
    setIds((current) => {
      const next = new Set(current);
      for (const id of many) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);
  const clear = useCallback(() => setIds(new Set()), []);
  return useMemo(() => ({ ids, toggle, setMany, clear }), [ids, toggle, setMany, clear]);
}
