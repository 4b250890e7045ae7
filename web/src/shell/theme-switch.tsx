import { Icon } from '../components/icons.js';
import { useTheme, type ThemePreference } from './theme.js';

const NEXT: Record<ThemePreference, ThemePreference> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL: Record<ThemePreference, string> = { system: 'System', light: 'Light', dark: 'Dark' };
const ICON = { system: 'monitor', light: 'sun', dark: 'moon' } as const;

/** One button that cycles System → Light → Dark; its accessible name says the current theme. */
export function ThemeSwitch() {
  const { preference, setPreference } = useTheme();
  return (
    <button
      type="button"
      className="button ghost small"
      onClick={() => setPreference(NEXT[preference])}
      aria-label={`Theme: ${LABEL[preference]}. Switch to ${LABEL[NEXT[preference]]}`}
      title={`Theme: ${LABEL[preference]} (click for ${LABEL[NEXT[preference]]})`}
      data-theme-preference={preference}
    >
      <Icon name={ICON[preference]} />
      <span className="hide-narrow">{LABEL[preference]}</span>
    </button>
  );
}
