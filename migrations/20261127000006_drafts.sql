-- Shared drafts: a thème's texts, every revision in full with the attribution of each token.
create table drafts (
    id uuid primary key,
    theme_id uuid not null references themes (id) on delete cascade,
    -- Numbered within the thème: /themes/{thème}/drafts/{number}.
    number integer not null,
    title text not null,
    status text not null default 'writing',
    -- The newest revision's number (revisions are 1..head, never rewritten).
    head integer not null default 1,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint drafts_number_key unique (theme_id, number),
    constraint drafts_status_check check (status in ('writing', 'review', 'adopted', 'withdrawn'))
);

create table draft_revisions (
    draft_id uuid not null references drafts (id) on delete cascade,
    number integer not null,
    -- The revision this one was written on (null for the first); a merge's parent is the head it
    -- was merged into, and `base` the revision the editor started from.
    parent integer,
    base integer,
    kind text not null,
    restored_from integer,
    author_id uuid references users (id) on delete set null,
    summary text not null default '',
    body text not null,
    -- For each token of `body` (see app/src/ssr/text.rs), the revision number that wrote it.
    attribution integer[] not null,
    words_added integer not null,
    words_removed integer not null,
    created_at timestamptz not null default now(),
    primary key (draft_id, number),
    constraint draft_revisions_kind_check check (kind in ('created', 'edited', 'merged', 'restored'))
);

create index draft_revisions_author_idx on draft_revisions (author_id, created_at desc);

-- What an editor sent that could not be saved as it was (a conflict, a refused field, a preview
-- without JavaScript): kept on the server so that the edit page can give it back.
create table draft_stashes (
    id uuid primary key,
    draft_id uuid not null references drafts (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    base integer not null,
    head integer not null,
    body text not null,
    summary text not null default '',
    created_at timestamptz not null default now()
);

create index draft_stashes_created_idx on draft_stashes (created_at);
