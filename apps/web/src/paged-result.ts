/** Loading a result (a page of a list, a dashboard) for the current filters, and moving focus to it when the person asked for it. */
import { type DependencyList, type RefObject, useEffect, useRef, useState } from 'react';

export interface PagedResult<T> {
  result: T | null;
  /** The last load's failure (null once a load succeeds). */
  error: unknown;
  /** The heading of the results: focused after a load that `focusResultsNext` announced. */
  resultsRef: RefObject<HTMLHeadingElement | null>;
  /** The next load was asked for by the person (filter, page): focus goes to the results once it arrives. */
  focusResultsNext: () => void;
}

/** `load` runs whenever `deps` change; an answer that arrives after newer deps is dropped. */
export function usePagedResult<T>(load: () => Promise<T>, deps: DependencyList): PagedResult<T> {
  const [result, setResult] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const resultsRef = useRef<HTMLHeadingElement>(null);
  const moveFocus = useRef(false);

  useEffect(() => {
    let stale = false;
    load().then(
      (loaded) => {
        if (stale) return;
        setResult(loaded);
        setError(null);
        if (moveFocus.current) resultsRef.current?.focus();
        moveFocus.current = false;
      },
      (failure: unknown) => {
        if (!stale) setError(failure ?? new Error('load failed'));
      },
    );
    return () => {
      stale = true;
    };
    // `load` is a new function at every render: the caller's deps say when it changes.
  }, deps);

  return {
    result,
    error,
    resultsRef,
    focusResultsNext: () => {
      moveFocus.current = true;
    },
  };
}
