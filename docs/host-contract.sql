-- Host mode's contract (docs/supabase.md, section 5): what the ticket system reads of the host
-- app's users, courses, appointments and orders. Run it as `postgres` BEFORE `npm run db:migrate`
-- with HOST_MODE=true; the migrator checks every view's column names and types against the list
-- in src/server/db/migrate.ts (HOST_CONTRACT) and names the first mismatch.
--
-- This template is written for the plan's Prisma models as Prisma creates them: tables `users`,
-- `courses`, `appointments`, `orders` in public, `String @id @default(uuid())` ids (text holding
-- a UUID; a user's id is their Supabase Auth id), camelCase columns, `DateTime` as
-- timestamp(3) in UTC, `Decimal` totals, enums `Role`, `AppointmentStatus`, `OrderStatus` with
-- upper-case values. Adapt the right-hand side of each view to the host's real names; keep the
-- left-hand side (names, order, types) exactly as it is.
--
-- The views belong to `postgres`, which bypasses row-level security on Supabase: the host's own
-- policies do not hide rows from them, and no API role is granted anything on them. Leave out of
-- platform.users anyone the ticket system should not know.

CREATE SCHEMA IF NOT EXISTS platform;
REVOKE ALL ON SCHEMA platform FROM PUBLIC;

-- The three enums the views cast to, with the ticket system's own labels. Migration 0000 creates
-- them in a standalone install; in host mode they must exist before the views.
DO $$
BEGIN
  IF to_regtype('public.user_role') IS NULL THEN
    CREATE TYPE public.user_role AS ENUM ('student', 'tutor', 'admin');
  END IF;
  IF to_regtype('public.appointment_status') IS NULL THEN
    CREATE TYPE public.appointment_status AS ENUM ('scheduled', 'completed', 'cancelled', 'no_show');
  END IF;
  IF to_regtype('public.order_status') IS NULL THEN
    CREATE TYPE public.order_status AS ENUM ('pending', 'paid', 'refunded', 'cancelled');
  END IF;
END $$;

CREATE OR REPLACE VIEW platform.users AS
SELECT u.id::uuid AS id,
       u.email::text AS email,
       coalesce(u."firstName", '')::text AS first_name,
       coalesce(u."lastName", '')::text AS last_name,
       (CASE u.role::text WHEN 'STUDENT' THEN 'student' WHEN 'TUTOR' THEN 'tutor' WHEN 'ADMIN' THEN 'admin' END)::public.user_role AS role,
       (CASE WHEN u.locale LIKE 'en%' THEN 'en' ELSE 'fr-CA' END)::text AS locale
  FROM public.users u
 WHERE u.role::text IN ('STUDENT', 'TUTOR', 'ADMIN');

CREATE OR REPLACE VIEW platform.courses AS
SELECT c.id::uuid AS id, c.code::text AS code, c.title::text AS title, c.subject::text AS subject
  FROM public.courses c;

CREATE OR REPLACE VIEW platform.appointments AS
SELECT a.id::uuid AS id,
       a."studentId"::uuid AS student_id,
       a."tutorId"::uuid AS tutor_id,
       a."courseId"::uuid AS course_id,
       (a."startsAt" AT TIME ZONE 'UTC') AS starts_at,
       a."durationMinutes"::integer AS duration_minutes,
       lower(a.status::text)::public.appointment_status AS status
  FROM public.appointments a;

CREATE OR REPLACE VIEW platform.orders AS
SELECT o.id::uuid AS id,
       o."userId"::uuid AS user_id,
       coalesce(o.description, '')::text AS description,
       round(o.total * 100)::integer AS total_cents,
       o.currency::char(3) AS currency,
       lower(o.status::text)::public.order_status AS status,
       (o."createdAt" AT TIME ZONE 'UTC') AS created_at
  FROM public.orders o;

REVOKE ALL ON platform.users, platform.courses, platform.appointments, platform.orders FROM PUBLIC;
