-- Search, bounded: its work no longer grows with how many texts hold a common word.

-- The thèmes a reader may read (the rule of `atelier_may_read`, written once): everyone reads the
-- public ones; the active members of a members-only thème and the site's moderators and admins
-- read it too. A set-returning SQL function, so that PostgreSQL inlines it into a statement as a
-- subquery (checking 300 thèmes one call at a time cost 5–8 ms a search).
create function atelier_readable_themes(reader uuid) returns setof uuid
language sql stable as $$
    select t.id from themes t
    where t.visibility = 'public'
       or exists (select 1 from users u where u.id = reader and u.role in ('moderator', 'admin'))
       or t.id in (select m.theme_id from memberships m
                   where m.user_id = reader and m.state = 'active')
$$;

create or replace function atelier_may_read(theme uuid, reader uuid) returns boolean
language sql stable as $$
    select exists (select 1 from atelier_readable_themes(reader) r where r = theme)
$$;

-- The newest matches of each kind are read from these, newest first, until enough are found.
create index drafts_updated_idx on drafts (updated_at desc);
create index threads_created_idx on threads (created_at desc);
create index posts_created_idx on posts (created_at desc);
create index draft_comments_created_idx on draft_comments (created_at desc);
create index draft_suggestions_created_idx on draft_suggestions (created_at desc);
create index users_created_idx on users (created_at desc);

-- A search's query, parsed by `config`: declared immutable (to_tsquery is only stable, as the
-- configurations it reads could change) so that PostgreSQL parses it once, when it plans the
-- statement, and both knows how many rows its words match and tests each row against the
-- result, rather than parsing it again for every row it reads (30 µs a row). The configurations
-- are this project's own and change only through a migration.
create function atelier_tsquery(config text, query text) returns tsquery
language sql immutable parallel safe as $$
    select to_tsquery(config::regconfig, query)
$$;

-- The lexemes of a query, for `atelier_excerpt_window`.
create function atelier_lexemes(query tsquery) returns text[]
language sql immutable parallel safe as $$
    select coalesce(array_agg(distinct replace(m[1], '''''', '''')), '{}')
    from regexp_matches(query::text, '''((?:[^'']|'''')+)''', 'g') m
$$;

-- The part of `body` that `ts_headline` reads to show where the query matches: 600 characters
-- from a little before the first place one of its `lexemes` seems to be, rather than the whole
-- text (PostgreSQL's parser reads 3–4 MB/s: 10 ms for a 30 KB draft). The place is found by
-- looking for each lexeme in the text without capitals — a French or English stem is nearly
-- always how the words it comes from begin — then, when none is there as such, without accents
-- either, and, for a lexeme of five letters or more, less its last two (« heureux » from
-- « heureuses »). The text itself when it is short.
create function atelier_excerpt_window(body text, lexemes text[]) returns text
language sql stable parallel safe as $$
    select case
        when length(body) <= 1000 then body
        else substr(body, greatest(1, coalesce(
            (select min(nullif(strpos(f.lowered, l), 0))
             from (select lower(body) as lowered) f, unnest(lexemes) l),
            (select min(coalesce(nullif(strpos(f.folded, l), 0),
                                 case when length(l) >= 5
                                      then nullif(strpos(f.folded, left(l, -2)), 0) end))
             from (select lower(unaccent(body)) as folded) f, unnest(lexemes) l),
            1) - 200), 600)
    end
$$;
