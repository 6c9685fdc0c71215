-- migrations/db/migrations/20250421084701_revoke_admin_roles_from_postgres.sql (April 2025):
-- `postgres` loses CREATE on auth (and on storage and realtime, which ./database.sql never
-- granted) and its membership in supabase_auth_admin (first revoked by
-- 20240319072844_lock_down_postgres_access_to_auth_migrations.sql). Every project today.
REVOKE CREATE ON SCHEMA auth FROM {{postgres}};
REVOKE supabase_auth_admin FROM {{postgres}};
