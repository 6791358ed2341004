const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** HH:MM in the person's time zone ("Try again at 14:05"). */
export function clockTime(epochMs: number): string {
  return timeFormat.format(new Date(epochMs));
}
