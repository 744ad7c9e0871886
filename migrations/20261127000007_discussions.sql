-- Discussions: a thème's threads, their posts (every version kept), moderation and reports.

create table threads (
    id uuid primary key,
    theme_id uuid not null references themes (id) on delete cascade,
    -- Numbered within the thème: /themes/{thème}/discussions/{number}.
    number integer not null,
    title text not null,
    author_id uuid references users (id) on delete set null,
    pinned boolean not null default false,
    locked boolean not null default false,
    hidden boolean not null default false,
    hidden_reason text,
    -- Kept up to date with the visible posts, for the list of threads.
    post_count integer not null default 0,
    last_post_id bigint,
    last_post_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    constraint threads_number_key unique (theme_id, number)
);

create index threads_list_idx on threads (theme_id, pinned desc, last_post_at desc);

-- Post ids are global and increasing: a live client asks for "the posts after id N".
create table posts (
    id bigint generated always as identity primary key,
    thread_id uuid not null references threads (id) on delete cascade,
    author_id uuid references users (id) on delete set null,
    reply_to bigint references posts (id) on delete set null,
    -- The current version: the Markdown as written and its sanitised HTML, rendered once.
    source text not null,
    html text not null,
    version integer not null default 1,
    hidden boolean not null default false,
    hidden_reason text,
    hidden_by uuid references users (id) on delete set null,
    hidden_at timestamptz,
    created_at timestamptz not null default now(),
    edited_at timestamptz
);

create index posts_thread_idx on posts (thread_id, id);
create index posts_author_idx on posts (author_id, created_at desc);

-- Every version of every post, the first included; never rewritten.
create table post_versions (
    post_id bigint not null references posts (id) on delete cascade,
    version integer not null,
    source text not null,
    html text not null,
    author_id uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    primary key (post_id, version)
);

create table reports (
    id bigint generated always as identity primary key,
    post_id bigint not null references posts (id) on delete cascade,
    reporter_id uuid references users (id) on delete set null,
    reason text not null,
    created_at timestamptz not null default now(),
    -- Set when a moderator resolves it: `hidden` (the post was hidden) or `dismissed`.
    resolution text,
    resolution_note text,
    resolved_by uuid references users (id) on delete set null,
    resolved_at timestamptz,
    constraint reports_resolution_check check (resolution in ('hidden', 'dismissed'))
);

create index reports_open_idx on reports (id) where resolution is null;
create unique index reports_once_idx on reports (post_id, reporter_id) where resolution is null;

-- Live updates: listeners learn the ids only and read the rows themselves (with their own rights).
create function notify_post() returns trigger language plpgsql as $$
begin
    perform pg_notify('atelier_posts', new.thread_id::text || ' ' || new.id::text);
    return new;
end;
$$;

create trigger posts_notify after insert on posts
    for each row execute function notify_post();

create function notify_unread() returns trigger language plpgsql as $$
begin
    perform pg_notify('atelier_unread', new.user_id::text);
    return new;
end;
$$;

create trigger notifications_notify after insert or update of read_at on notifications
    for each row execute function notify_unread();

-- Text typed in a form posted without JavaScript that could not be accepted as it was (refused,
-- or sent for a preview) and is too long to travel back in the address: kept here for its author
-- and given back by id. Cleaned up after a day.
create table kept_texts (
    id uuid primary key,
    user_id uuid not null references users (id) on delete cascade,
    body text not null,
    created_at timestamptz not null default now()
);

create index kept_texts_created_idx on kept_texts (created_at);

-- The moderation page lists the latest decisions on discussions.
create index audit_log_action_idx on audit_log (action, id desc);
