import { InitialSchema1795300000000 } from './1795300000000-initial-schema.migration';
import { WorkerHeartbeat1795300000001 } from './1795300000001-worker-heartbeat.migration';
import { SlaClocks1795300000002 } from './1795300000002-sla-clocks.migration';
import { MailChannel1795300000003 } from './1795300000003-mail-channel.migration';
import { Auth1795300000004 } from './1795300000004-auth.migration';
import { ReportDelivery1795300000005 } from './1795300000005-report-delivery.migration';
import { ClockElapsed1795300000006 } from './1795300000006-clock-elapsed.migration';
import { Monitoring1795300000007 } from './1795300000007-monitoring.migration';
import { Outages1795300000008 } from './1795300000008-outages.migration';
import { TicketPresence1795300000009 } from './1795300000009-ticket-presence.migration';
import { MonitoringMailbox1795300000010 } from './1795300000010-monitoring-mailbox.migration';
import { QueueDueIndex1795300000011 } from './1795300000011-queue-due-index.migration';
import { OutageReportRecipients1795300000012 } from './1795300000012-outage-report-recipients.migration';
import { LoginThrottle1795300000020 } from './1795300000020-login-throttle.migration';
import { MonitoringNotes1795300000025 } from './1795300000025-monitoring-notes.migration';
import { SlaClockOpenIndex1795300000050 } from './1795300000050-sla-clock-open-index.migration';
import { IdempotencyKeys1795300000070 } from './1795300000070-idempotency-keys.migration';
import { Telephony1795300000080 } from './1795300000080-telephony.migration';
import { DirectoryUsers1795300000090 } from './1795300000090-directory-users.migration';
import { OidcSignIn1795300000091 } from './1795300000091-oidc-sign-in.migration';
import { CallTimeline1795300000093 } from './1795300000093-call-timeline.migration';
import { MailDiscarded1795300000095 } from './1795300000095-mail-discarded.migration';
import { Privacy1795300000096 } from './1795300000096-privacy.migration';
import { Teams1795300000098 } from './1795300000098-teams.migration';
import { NagiosLogCursor1795300000099 } from './1795300000099-nagios-log-cursor.migration';
import { AttachmentCopies1795300000100 } from './1795300000100-attachment-copies.migration';
import { PublicRequests1795300000101 } from './1795300000101-public-requests.migration';
import { FollowLinks1795300000102 } from './1795300000102-follow-links.migration';
import { Satisfaction1795300000103 } from './1795300000103-satisfaction.migration';
import { StatusChangeTimeIndex1795300000104 } from './1795300000104-status-change-time-index.migration';
import { AuthChange1795300000110 } from './1795300000110-auth-change.migration';

/** In order of application; `npm run migration:generate` writes new ones here to review. */
export const MIGRATIONS = [
  InitialSchema1795300000000,
  WorkerHeartbeat1795300000001,
  SlaClocks1795300000002,
  MailChannel1795300000003,
  Auth1795300000004,
  ReportDelivery1795300000005,
  ClockElapsed1795300000006,
  Monitoring1795300000007,
  Outages1795300000008,
  TicketPresence1795300000009,
  MonitoringMailbox1795300000010,
  QueueDueIndex1795300000011,
  OutageReportRecipients1795300000012,
  MonitoringNotes1795300000025,
  LoginThrottle1795300000020,
  SlaClockOpenIndex1795300000050,
  IdempotencyKeys1795300000070,
  Telephony1795300000080,
  DirectoryUsers1795300000090,
  OidcSignIn1795300000091,
  CallTimeline1795300000093,
  MailDiscarded1795300000095,
  Privacy1795300000096,
  Teams1795300000098,
  NagiosLogCursor1795300000099,
  AttachmentCopies1795300000100,
  PublicRequests1795300000101,
  FollowLinks1795300000102,
  Satisfaction1795300000103,
  StatusChangeTimeIndex1795300000104,
  AuthChange1795300000110,
];
