import { useTranslation } from 'react-i18next';

import type { Channel } from '../api/types';

const PATHS: Record<Channel, string> = {
  email: 'M2 4h16v12H2z M2 4l8 7 8-7',
  phone: 'M5 2h3l2 5-2 1a11 11 0 0 0 4 4l1-2 5 2v3a2 2 0 0 1-2 2A15 15 0 0 1 3 4a2 2 0 0 1 2-2z',
  web: 'M10 2a8 8 0 1 0 0 16a8 8 0 1 0 0-16z M2 10h16 M10 2c3 3 3 13 0 16 M10 2c-3 3-3 13 0 16',
  monitoring: 'M2 11h4l2-6 4 12 2-6h4',
};

/** The ticket's channel as a small icon with its name for screen readers and as a tooltip. */
export function ChannelIcon({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const label = t(`channel.${channel}`);
  return (
    <span className={`channel channel-${channel}`} title={label}>
      <svg width="16" height="16" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
        <path d={PATHS[channel]} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
      </svg>
      <span className="sr-only">{label}</span>
    </span>
  );
}
