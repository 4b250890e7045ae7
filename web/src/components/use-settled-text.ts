import { useEffect, useRef, useState } from 'react';

/**
 * A search box's text that becomes a filter once typing settles (one history entry per pause,
 * not per key). `value` is the filter's current text: when it changes from elsewhere (back/forward,
 * a link) the box shows it. `commit` is read when the time is up, so live re-renders meanwhile
 * do not commit a stale filter.
 */
export function useSettledText(value: string, commit: (text: string) => void, delayMs = 400): [string, (text: string) => void] {
  const [text, setText] = useState(value);
  const typed = useRef(value);
  useEffect(() => {
    if (value !== typed.current) {
      typed.current = value;
      setText(value);
    }
  }, [value]);
  const latest = useRef({ value, commit });
  latest.current = { value, commit };
  useEffect(() => {
    if (text === latest.current.value) return;
    const timer = setTimeout(() => {
      typed.current = text;
      latest.current.commit(text);
    }, delayMs);
    return () => clearTimeout(timer);
  }, [text, delayMs]);
  return [text, setText];
}
