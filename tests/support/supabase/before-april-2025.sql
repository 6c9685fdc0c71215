-- A project from before 20240319072844_lock_down_postgres_access_to_auth_migrations.sql and
-- 20250421084701_revoke_admin_roles_from_postgres.sql: `postgres` still had CREATE on auth
-- (demote-postgres.sql) and was a member of supabase_auth_admin, which those migrations revoke.
-- There, our migrations before issue 20 installed, replacing Supabase's auth.uid().
GRANT supabase_auth_admin TO {{postgres}};
