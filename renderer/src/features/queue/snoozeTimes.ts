/** The snooze choices a practitioner is offered, as moments from `now` in local time. */
export interface SnoozeChoice {
  id: string;
  label: string;
  until: Date;
}

const START_OF_DAY_HOUR = 9;

function atNine(date: Date): Date {
  const next = new Date(date);
  next.setHours(START_OF_DAY_HOUR, 0, 0, 0);
  return next;
}

export function snoozeChoices(now: Date): SnoozeChoice[] {
  const inThreeHours = new Date(now.getTime() + 3 * 3_600_000);
  const tomorrow = atNine(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
  // Next Monday (a Monday itself gives the Monday after).
  const daysToMonday = (8 - now.getDay()) % 7 || 7;
  const nextWeek = atNine(new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday));
  return [
    { id: '3h', label: 'For 3 hours', until: inThreeHours },
    { id: 'tomorrow', label: 'Until tomorrow, 9:00', until: tomorrow },
    { id: 'next-week', label: 'Until Monday, 9:00', until: nextWeek },
  ];
}
