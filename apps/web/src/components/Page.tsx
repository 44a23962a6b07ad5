import { type ReactNode, useEffect, useRef } from 'react';
import { hasNavigated } from '../router';

/**
 * Every page: its document title and its one h1. After an in-app navigation, focus goes to the
 * h1 so that screen readers announce the new page (not on first load, where the browser starts
 * at the top anyway).
 */
export function Page({ title, heading, children }: { title: string; heading?: ReactNode; children?: ReactNode }) {
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = `${title} — Pass numérique`;
  }, [title]);

  useEffect(() => {
    if (hasNavigated()) headingRef.current?.focus();
  }, []);

  return (
    <>
      <h1 ref={headingRef} tabIndex={-1}>
        {heading ?? title}
      </h1>
      {children}
    </>
  );
}
