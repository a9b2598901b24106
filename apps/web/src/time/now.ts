import { useEffect, useRef } from 'react';

/**
 * One shared second tick for every live figure on the page (countdowns, ages). A tick does not
 * re-render React components: each figure registers its element and a function from "now" to
 * its text and tone, and the tick writes only the elements whose text changed. 200 rows cost a
 * loop over the figures on screen and a few text nodes per second, not 200 component renders.
 */
export interface LiveFigure {
  text: string;
  tone?: string;
}
type Render = (now: number) => LiveFigure;

const figures = new Map<HTMLElement, Render>();
/** Figures on screen: only these are written each second; the others catch up when scrolled in. */
const visible = new Set<HTMLElement>();
let timer: number | null = null;

const observer =
  typeof IntersectionObserver === 'undefined'
    ? null
    : new IntersectionObserver((entries) => {
        const now = Date.now();
        for (const entry of entries) {
          const element = entry.target as HTMLElement;
          if (entry.isIntersecting) {
            visible.add(element);
            const render = figures.get(element);
            if (render) paint(element, render, now);
          } else visible.delete(element);
        }
      });

function paint(element: HTMLElement, render: Render, now: number): void {
  const { text, tone } = render(now);
  if (element.textContent !== text) element.textContent = text;
  if (tone !== undefined && element.dataset.tone !== tone) {
    element.dataset.tone = tone;
    element.className = `clock clock-${tone}`;
  }
}

function tick(): void {
  const start = performance.now();
  const now = Date.now();
  if (observer) visible.forEach((element) => paint(element, figures.get(element)!, now));
  else figures.forEach((render, element) => paint(element, render, now));
  // npm run bench:ui reads these measures: the whole cost of a tick on the page.
  performance.measure('countdown-tick', { start });
  schedule();
}

function schedule(): void {
  timer = window.setTimeout(tick, 1000 - (Date.now() % 1000));
}

/** Keeps an element's text (and tone) current every second; returns the ref to attach. */
export function useLiveFigure<T extends HTMLElement>(render: Render) {
  const ref = useRef<T>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    figures.set(element, render);
    paint(element, render, Date.now());
    observer?.observe(element);
    if (timer === null) schedule();
    return () => {
      figures.delete(element);
      visible.delete(element);
      observer?.unobserve(element);
      if (figures.size === 0 && timer !== null) {
        window.clearTimeout(timer);
        timer = null;
      }
    };
  }, [render]);
  return ref;
}
