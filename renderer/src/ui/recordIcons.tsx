import type { ReactNode } from 'react';

/** Icons for records (clients, consent, notes, tasks). Decorative: the words beside them carry the meaning. */

function Icon({ children, size = 16 }: { children: ReactNode; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  );
}

export function PlusIcon() {
  return (
    <Icon>
      <path d="M8 3v10M3 8h10" />
    </Icon>
  );
}

export function PersonIcon() {
  return (
    <Icon>
      <circle cx="8" cy="5.5" r="2.75" />
      <path d="M2.75 14c.5-2.75 2.6-4.25 5.25-4.25s4.75 1.5 5.25 4.25" />
    </Icon>
  );
}

export function NoteIcon() {
  return (
    <Icon>
      <path d="M4 1.75h5.5L12.5 4.75v9.5H4z" />
      <path d="M9.5 1.75v3h3M6 8h4.5M6 10.75h4.5" />
    </Icon>
  );
}

export function AddendumIcon() {
  return (
    <Icon>
      <path d="M3.5 1.75h5l3 3V8M3.5 1.75v12.5h4.5" />
      <path d="M12 10v4.5M9.75 12.25h4.5" />
    </Icon>
  );
}

export function ShieldCheckIcon() {
  return (
    <Icon>
      <path d="M8 1.5 2.75 3.5v4c0 3.25 2.25 5.5 5.25 7 3-1.5 5.25-3.75 5.25-7v-4z" />
      <path d="m5.5 8 1.75 1.75L10.75 6.25" />
    </Icon>
  );
}

export function ShieldOffIcon() {
  return (
    <Icon>
      <path d="M8 1.5 2.75 3.5v4c0 3.25 2.25 5.5 5.25 7 3-1.5 5.25-3.75 5.25-7v-4z" />
      <path d="m6 6 4 4M10 6l-4 4" />
    </Icon>
  );
}

export function TaskIcon() {
  return (
    <Icon>
      <rect x="2.25" y="2.25" width="11.5" height="11.5" rx="2" />
      <path d="m5 8.25 2 2 4-4.25" />
    </Icon>
  );
}

export function ClockIcon() {
  return (
    <Icon>
      <circle cx="8" cy="8" r="6" />
      <path d="M8 4.5V8l2.5 1.5" />
    </Icon>
  );
}

export function CircleCheckIcon() {
  return (
    <Icon size={14}>
      <circle cx="8" cy="8" r="6.25" />
      <path d="m5.25 8.25 1.75 1.75 3.75-4" />
    </Icon>
  );
}

export function CircleXIcon() {
  return (
    <Icon size={14}>
      <circle cx="8" cy="8" r="6.25" />
      <path d="m5.75 5.75 4.5 4.5M10.25 5.75l-4.5 4.5" />
    </Icon>
  );
}

export function CircleDashIcon() {
  return (
    <Icon size={14}>
      <circle cx="8" cy="8" r="6.25" strokeDasharray="2.5 2" />
      <path d="M5.5 8h5" />
    </Icon>
  );
}

export function AlertIcon() {
  return (
    <Icon size={14}>
      <path d="M8 1.75 14.75 13.5H1.25z" />
      <path d="M8 6v3.5M8 11.5v.25" />
    </Icon>
  );
}

export function HourglassIcon() {
  return (
    <Icon size={14}>
      <path d="M4 1.75h8M4 14.25h8M4.75 1.75c0 3.5 6.5 3.5 6.5 6.25s-6.5 2.75-6.5 6.25M11.25 1.75c0 3.5-6.5 3.5-6.5 6.25s6.5 2.75 6.5 6.25" />
    </Icon>
  );
}

export function SearchIcon() {
  return (
    <Icon>
      <circle cx="7" cy="7" r="4.5" />
      <path d="m10.5 10.5 3.5 3.5" />
    </Icon>
  );
}

export function CloseIcon() {
  return (
    <Icon size={14}>
      <path d="m4 4 8 8M12 4l-8 8" />
    </Icon>
  );
}

export function PenIcon() {
  return (
    <Icon>
      <path d="M10.75 2.25 13.75 5.25 5.5 13.5H2.5v-3z" />
      <path d="m9.25 3.75 3 3" />
    </Icon>
  );
}
