-- Search: every searchable text carries a `search` vector, kept up to date in the write's own
-- transaction (generated columns; a draft's, from its newest revision, by trigger), under a GIN
-- index.
--
-- Accents and case are ignored (unaccent before the stemmer). Each vector holds the text's
-- lexemes under the French stemmer and then under the English one, so that one index serves both
-- interface languages: a query is parsed with the configuration of the reader's language and
-- matches the lexemes of that language (positions of the second half follow the first, so
-- phrases stay within one half). People's names are matched without stemming.

create extension if not exists unaccent;

create text search configuration atelier_fr (copy = french);
alter text search configuration atelier_fr
    alter mapping for hword, hword_part, word with unaccent, french_stem;

create text search configuration atelier_en (copy = english);
alter text search configuration atelier_en
    alter mapping for hword, hword_part, word with unaccent, english_stem;

create text search configuration atelier_names (copy = simple);
alter text search configuration atelier_names
    alter mapping for hword, hword_part, word with unaccent, simple;

-- The vector of `body` weighted `weight`, in both languages.
create function atelier_search_vector(body text, weight "char") returns tsvector
language sql immutable parallel safe as $$
    select setweight(to_tsvector('atelier_fr'::regconfig, coalesce(body, '')), weight)
        || setweight(to_tsvector('atelier_en'::regconfig, coalesce(body, '')), weight)
$$;

alter table themes add column search tsvector generated always as (
    atelier_search_vector(title, 'A') || atelier_search_vector(summary, 'B')
        || atelier_search_vector(description_md, 'C')
) stored;
create index themes_search_idx on themes using gin (search);

alter table threads add column search tsvector generated always as (
    atelier_search_vector(title, 'A')
) stored;
create index threads_search_idx on threads using gin (search);

alter table posts add column search tsvector generated always as (
    atelier_search_vector(source, 'B')
) stored;
create index posts_search_idx on posts using gin (search);

alter table draft_comments add column search tsvector generated always as (
    atelier_search_vector(quote, 'C') || atelier_search_vector(source, 'B')
) stored;
create index draft_comments_search_idx on draft_comments using gin (search);

alter table draft_suggestions add column search tsvector generated always as (
    atelier_search_vector(replacement, 'B') || atelier_search_vector(note, 'B')
        || atelier_search_vector(quote, 'C')
) stored;
create index draft_suggestions_search_idx on draft_suggestions using gin (search);

alter table users add column search tsvector generated always as (
    to_tsvector('atelier_names'::regconfig, display_name)
) stored;
create index users_search_idx on users using gin (search);

-- A draft is found by its title and its current text (the newest revision's).
alter table drafts add column search tsvector not null default ''::tsvector;
create index drafts_search_idx on drafts using gin (search);

create function atelier_draft_search(title text, body text) returns tsvector
language sql immutable parallel safe as $$
    select atelier_search_vector(title, 'A') || atelier_search_vector(body, 'B')
$$;

-- A new revision is the draft's new head: its text is what the draft is found by.
create function atelier_index_revision() returns trigger
language plpgsql as $$
begin
    update drafts set search = atelier_draft_search(title, new.body) where id = new.draft_id;
    return new;
end
$$;

create trigger draft_revisions_index
    after insert on draft_revisions
    for each row execute function atelier_index_revision();

-- A renamed draft is found by its new title.
create function atelier_index_draft_title() returns trigger
language plpgsql as $$
begin
    new.search := atelier_draft_search(
        new.title,
        (select r.body from draft_revisions r where r.draft_id = new.id and r.number = new.head));
    return new;
end
$$;

create trigger drafts_index_title
    before update of title on drafts
    for each row when (old.title is distinct from new.title)
    execute function atelier_index_draft_title();

update drafts d set search = atelier_draft_search(d.title, r.body)
from draft_revisions r where r.draft_id = d.id and r.number = d.head;
