import { useCallback, useEffect, useSyncExternalStore } from 'react';

/** What the user chose; `system` follows the operating system. */
export type ThemePreference = 'system' | 'light' | 'dark';

/** Also read by the inline script in index.html, which applies the theme before first paint. */
export const THEME_STORAGE_KEY = 'fo.theme';
const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');
const listeners = new Set<() => void>();

function readPreference(): ThemePreference {
  try {
    const saved = localStorage.getItem(THEME_STORAGE_KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  } catch {
    return 'system';
  }
}

function resolve(preference: ThemePreference): 'light' | 'dark' {
  return preference === 'system' ? (darkQuery().matches ? 'dark' : 'light') : preference;
}

function apply(preference: ThemePreference): void {
  document.documentElement.dataset.theme = resolve(preference);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The theme preference (remembered in localStorage) and the theme actually shown. */
export function useTheme() {
  const preference = useSyncExternalStore(subscribe, readPreference, () => 'system' as const);
  useEffect(() => {
    apply(preference);
    if (preference !== 'system') return;
    const query = darkQuery();
    const follow = () => apply('system');
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, [preference]);
  const setPreference = useCallback((next: ThemePreference) => {
    try {
      if (next === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
      else localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Private mode without storage: the choice lasts for this page only.
    }
    apply(next);
    for (const listener of listeners) listener();
  }, []);
  return { preference, resolved: resolve(preference), setPreference };
}
