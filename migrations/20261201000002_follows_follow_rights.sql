-- Who may read a thème now: everyone when it is public; else its active members and the site's
-- moderators and admins. Notifications are fanned out and shown through it, and a follow ends
-- when the follower can no longer read the thème.
create function atelier_may_read(theme uuid, reader uuid) returns boolean
language sql stable as $$
    select t.visibility = 'public'
        or exists (select 1 from users u where u.id = reader and u.role in ('moderator', 'admin'))
        or exists (select 1 from memberships m
                   where m.theme_id = theme and m.user_id = reader and m.state = 'active')
    from themes t where t.id = theme
$$;

-- Follows kept before this rule (a reader who followed a thème before it became members-only, a
-- member who left or was removed) end now.
delete from follows f where not coalesce(atelier_may_read(f.theme_id, f.user_id), false);
