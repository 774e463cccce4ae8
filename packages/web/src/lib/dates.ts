// Calendar dates as the API spells them (YYYY-MM-DD), taken in the browser's own time zone: toISOString would
// shift them to UTC, a day earlier in China before 08:00.
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function todayIso(): string {
  return isoDate(new Date());
}

/** A timestamp in the UI language; an unparseable value is shown as it is. */
export function formatTime(iso: string, language: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(language);
}
