-- Migrations 0024 (account emails), 0025 (SLA emails) and 0029 (automatic answers, in-app
-- notifications) were written side by side and each rebuilt the type checks from its own list:
-- the last one run would refuse the others' types. The checks as they must be, the union of
-- src/lib/notification-values.ts and src/lib/account-email-values.ts (tests/unit checks it).
ALTER TABLE public.email_notifications DROP CONSTRAINT IF EXISTS email_notifications_type_check;
--> statement-breakpoint
ALTER TABLE public.email_notifications ADD CONSTRAINT email_notifications_type_check CHECK (type IN (
  'request_received', 'support_reply', 'request_resolved', 'request_closed',
  'new_request', 'student_reply', 'ticket_assigned', 'sla_warning', 'sla_breached',
  'reply_closed', 'account_invitation', 'email_verification'));
--> statement-breakpoint
ALTER TABLE public.notification_preferences DROP CONSTRAINT IF EXISTS notification_preferences_type_check;
--> statement-breakpoint
ALTER TABLE public.notification_preferences ADD CONSTRAINT notification_preferences_type_check CHECK (type IN (
  'request_received', 'support_reply', 'request_resolved', 'request_closed',
  'new_request', 'student_reply', 'ticket_assigned', 'sla_warning', 'sla_breached'));
--> statement-breakpoint
ALTER TABLE public.in_app_notifications DROP CONSTRAINT IF EXISTS in_app_notifications_type_check;
--> statement-breakpoint
ALTER TABLE public.in_app_notifications ADD CONSTRAINT in_app_notifications_type_check CHECK (type IN (
  'request_received', 'support_reply', 'request_resolved', 'request_closed',
  'new_request', 'student_reply', 'ticket_assigned', 'sla_warning', 'sla_breached'));
