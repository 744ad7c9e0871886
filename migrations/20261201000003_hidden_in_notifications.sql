-- A notification about a thread or post that was hidden since it was sent names it to nobody but
-- those who moderate the thème: its facilitators and the site's moderators and admins (as the
-- thème's timeline already does).
create function atelier_moderates(theme uuid, reader uuid) returns boolean
language sql stable as $$
    select exists (select 1 from users u where u.id = reader and u.role in ('moderator', 'admin'))
        or exists (select 1 from memberships m
                   where m.theme_id = theme and m.user_id = reader and m.state = 'active'
                     and m.role = 'facilitator')
$$;

-- Whether an activity's details point at a hidden thread of `theme`, or a hidden post of it.
create function atelier_about_hidden(theme uuid, details jsonb) returns boolean
language sql stable as $$
    select exists (
        select 1 from threads th
        where th.theme_id = theme and th.number = (details->>'thread')::int
          and (th.hidden or exists (
              select 1 from posts p
              where p.id = (details->>'post')::bigint and p.thread_id = th.id and p.hidden)))
$$;
