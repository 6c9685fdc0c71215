-- Cheaper users policy. Every admin list joins users twice, and the policy's third branch (the
-- other party of one's appointments, for students and tutors) was planned with each join:
-- ~0.15 ms of planning and as much of execution per list query under RLS, for a branch an
-- admin never reaches (measured at 1M tickets: planning 0.48 -> 0.35 ms, execution 0.82 ->
-- 0.70 ms). The branch is now one function call, evaluated only when the first two are false.
-- Same rows as before: the function reads only the caller's own appointments. Owned by
-- service_role (BYPASSRLS) so that appointments' forced RLS does not hide them from it.
CREATE OR REPLACE FUNCTION public.shares_appointment_with(p_user uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
AS $$
  SELECT EXISTS (
    SELECT 1 FROM public.appointments a
    WHERE (a.student_id = auth.uid() AND a.tutor_id = p_user)
       OR (a.tutor_id = auth.uid() AND a.student_id = p_user)
  )
$$;
--> statement-breakpoint
ALTER FUNCTION public.shares_appointment_with(uuid) OWNER TO service_role;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.shares_appointment_with(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.shares_appointment_with(uuid) TO authenticated;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$ALTER POLICY users_select ON public.users USING (
  id = (SELECT auth.uid())
  OR (SELECT app.is_admin())
  OR public.shares_appointment_with(id)
);$statement$; END IF; END $platform$;
