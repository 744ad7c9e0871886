-- Shared drafts II: status workflow, revisions linked to threads, comments anchored to passages,
-- suggestions, visits ("since my last visit") and the daily digest.

-- Whether members (not only facilitators) may accept suggestions in this thème.
alter table themes add column members_accept_suggestions boolean not null default false;

-- Who moved the status last, when, and why.
alter table drafts
    add column status_note text,
    add column status_by uuid references users (id) on delete set null,
    add column status_at timestamptz;

-- The discussion that motivated a revision ("voir la discussion"), and for a revision made by
-- accepting a suggestion, who accepted it (`author_id` is the suggester).
alter table draft_revisions
    add column thread_id uuid references threads (id) on delete set null,
    add column accepted_by uuid references users (id) on delete set null;

-- Comments on a passage. A root comment (parent null) holds the anchor; replies hold only text.
-- The anchor is a byte range of revision `anchor_revision`'s text, carried forward at every new
-- revision (see app/src/ssr/anchor.rs); `quote` is the passage as it was first selected.
create table draft_comments (
    id bigint generated always as identity primary key,
    draft_id uuid not null references drafts (id) on delete cascade,
    parent_id bigint references draft_comments (id) on delete cascade,
    author_id uuid references users (id) on delete set null,
    revision integer not null,
    quote text not null default '',
    anchor_revision integer not null,
    anchor_start integer not null default 0,
    anchor_end integer not null default 0,
    anchor_state text not null default 'intact',
    source text not null,
    html text not null,
    resolved_by uuid references users (id) on delete set null,
    resolved_at timestamptz,
    created_at timestamptz not null default now(),
    constraint draft_comments_state_check check (anchor_state in ('intact', 'edited', 'removed'))
);

create index draft_comments_draft_idx on draft_comments (draft_id, id);

-- A proposed change of one passage: `body` is the text of revision `base` with the passage
-- replaced; accepting merges it into the head like an edit started from `base`.
create table draft_suggestions (
    id bigint generated always as identity primary key,
    draft_id uuid not null references drafts (id) on delete cascade,
    author_id uuid references users (id) on delete set null,
    base integer not null,
    quote text not null,
    replacement text not null,
    note text not null default '',
    body text not null,
    state text not null default 'open',
    decided_by uuid references users (id) on delete set null,
    decided_at timestamptz,
    decision_note text,
    revision integer,
    created_at timestamptz not null default now(),
    constraint draft_suggestions_state_check check (state in ('open', 'accepted', 'declined'))
);

create index draft_suggestions_draft_idx on draft_suggestions (draft_id, id);

-- "Since my last visit". A visit lasts while pages are opened less than an hour apart; what
-- changed is counted from the `baseline`: the head (or the time) of the visit before.
create table draft_visits (
    user_id uuid not null references users (id) on delete cascade,
    draft_id uuid not null references drafts (id) on delete cascade,
    revision integer not null,
    baseline integer not null,
    seen_at timestamptz not null default now(),
    primary key (user_id, draft_id)
);

create table theme_visits (
    user_id uuid not null references users (id) on delete cascade,
    theme_id uuid not null references themes (id) on delete cascade,
    seen_at timestamptz not null default now(),
    -- Null during the first visit: nothing to compare with yet.
    baseline timestamptz,
    primary key (user_id, theme_id)
);

-- The optional daily digest of followed thèmes.
alter table users
    add column digest boolean not null default false,
    add column digest_sent_at timestamptz;
