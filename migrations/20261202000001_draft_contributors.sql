-- Who has written each draft and how many of its revisions, kept up to date as revisions are
-- written (and when an account is deleted and its revisions lose their author): the drafts list
-- and the draft page read a draft's contributors here, one row per person (`author_id` null:
-- deleted accounts, together), instead of counting over every revision it ever had.
create table draft_contributors (
    draft_id uuid not null references drafts (id) on delete cascade,
    author_id uuid,
    revisions integer not null,
    first_revision integer not null,
    unique nulls not distinct (draft_id, author_id)
);

create function atelier_count_contribution(draft uuid, author uuid, revision integer, delta integer)
returns void language sql as $$
    insert into draft_contributors as c (draft_id, author_id, revisions, first_revision)
    values (draft, author, delta, revision)
    on conflict (draft_id, author_id) do update
        set revisions = c.revisions + delta, first_revision = least(c.first_revision, revision);
    delete from draft_contributors
    where draft_id = draft and author_id is not distinct from author and revisions <= 0;
$$;

create function atelier_note_contributor() returns trigger
language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform atelier_count_contribution(new.draft_id, new.author_id, new.number, 1);
    elsif old.author_id is distinct from new.author_id then
        perform atelier_count_contribution(old.draft_id, old.author_id, old.number, -1);
        perform atelier_count_contribution(new.draft_id, new.author_id, new.number, 1);
    end if;
    return new;
end
$$;

create trigger draft_revisions_note_contributor
    after insert or update of author_id on draft_revisions
    for each row execute function atelier_note_contributor();

insert into draft_contributors (draft_id, author_id, revisions, first_revision)
select draft_id, author_id, count(*), min(number) from draft_revisions group by draft_id, author_id;

-- How many of a person's notifications are unread and still theirs to see (the rights of
-- 20261201000002 and 20261201000003): one definition for the header's count, read with the
-- person in the same statement, and for the notifications page.
create function atelier_unread_count(viewer uuid) returns bigint
language sql stable as $$
    select count(*) from notifications n join activity a on a.id = n.activity_id
    where n.user_id = viewer and n.read_at is null
      and (a.subject_id = viewer or atelier_may_read(a.theme_id, viewer))
      and (not atelier_about_hidden(a.theme_id, a.details) or atelier_moderates(a.theme_id, viewer))
$$;
