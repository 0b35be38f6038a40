-- Token generation reads a user's memberships on every sign-in and refresh. These changes keep that
-- one statement close to a point lookup:
-- 1. the user row names its personal workspace, so no join to workspaces is needed;
-- 2. memberships are indexed by user in the order tokens list them (owner, admin, member, viewer, then
--    workspace id), covering the role, so the first N are read in order by an index-only scan with
--    no sort, however many memberships a user has.
ALTER TABLE app_users ADD COLUMN personal_workspace_id uuid REFERENCES workspaces (id) ON DELETE SET NULL;

UPDATE app_users u
   SET personal_workspace_id = w.id
  FROM workspaces w
 WHERE w.owner_user_id = u.id AND w.personal;

ALTER TABLE workspace_members ADD COLUMN role_rank smallint GENERATED ALWAYS AS (
    CASE role WHEN 'owner' THEN 1 WHEN 'admin' THEN 2 WHEN 'member' THEN 3 ELSE 4 END) STORED;

DROP INDEX workspace_members_user_id;
CREATE INDEX workspace_members_user_id ON workspace_members (user_id, role_rank, workspace_id) INCLUDE (role);
