-- The plan's host app (issue 20, host mode): its Prisma models `User`, `Course`, `Appointment`,
-- `Order` as `prisma migrate` writes them (quoted camelCase columns, text ids holding UUIDs,
-- timestamp(3), Decimal(10,2), upper-case enums, `ON DELETE RESTRICT ON UPDATE CASCADE`
-- relations), mapped to `users`, `courses`, `appointments`, `orders` in public, with the row-level
-- security a Supabase app adds. Run as the Supabase `postgres` stand-in, who owns them as it
-- would own tables `prisma migrate` created through the direct connection.

CREATE TYPE "Role" AS ENUM ('STUDENT', 'TUTOR', 'ADMIN', 'PARENT');
CREATE TYPE "AppointmentStatus" AS ENUM ('SCHEDULED', 'COMPLETED', 'CANCELLED', 'NO_SHOW');
CREATE TYPE "OrderStatus" AS ENUM ('PENDING', 'PAID', 'REFUNDED', 'CANCELLED');

CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "firstName" TEXT,
    "lastName" TEXT,
    "role" "Role" NOT NULL DEFAULT 'STUDENT',
    "locale" TEXT NOT NULL DEFAULT 'fr',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "courses" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "subject" TEXT NOT NULL,

    CONSTRAINT "courses_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "appointments" (
    "id" TEXT NOT NULL,
    "studentId" TEXT NOT NULL,
    "tutorId" TEXT NOT NULL,
    "courseId" TEXT,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "durationMinutes" INTEGER NOT NULL DEFAULT 60,
    "status" "AppointmentStatus" NOT NULL DEFAULT 'SCHEDULED',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "appointments_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "orders" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "description" TEXT,
    "total" DECIMAL(10,2) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'CAD',
    "status" "OrderStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "users_email_key" ON "users"("email");
CREATE UNIQUE INDEX "courses_code_key" ON "courses"("code");
CREATE INDEX "appointments_studentId_idx" ON "appointments"("studentId");
CREATE INDEX "orders_userId_idx" ON "orders"("userId");

ALTER TABLE "appointments" ADD CONSTRAINT "appointments_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_tutorId_fkey" FOREIGN KEY ("tutorId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "courses"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "orders" ADD CONSTRAINT "orders_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The host app's own row-level security, as a Supabase project has it: each signed-in user reads
-- their own rows through the Data API.
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "appointments" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "orders" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "users_read_self" ON "users" FOR SELECT TO authenticated USING ("id" = (select auth.uid())::text);
CREATE POLICY "appointments_read_own" ON "appointments" FOR SELECT TO authenticated
  USING ((select auth.uid())::text IN ("studentId", "tutorId"));
CREATE POLICY "orders_read_own" ON "orders" FOR SELECT TO authenticated USING ("userId" = (select auth.uid())::text);

-- The host app's own function in public, as Supabase's guides write it: a new Supabase Auth user
-- gets a row in the app's users table (its trigger on auth.users belongs to supabase_auth_admin's
-- schema and is left out here). The ticket system must leave it as it is.
CREATE FUNCTION public.handle_new_user() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
BEGIN
  INSERT INTO public.users (id, email, "updatedAt") VALUES (NEW.id::text, NEW.email, now());
  RETURN NEW;
END
$$;
