-- Working groups: who opened and closed a thème, memberships, follows, the activity log and the
-- notifications it feeds.

alter table themes
    add column opened_by uuid references users (id) on delete set null,
    add column closing_note text;

-- One row per person and thème: their current standing. The history of each change is in
-- `activity`.
create table memberships (
    theme_id uuid not null references themes (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    role text not null default 'member',
    state text not null,
    -- The requester's message, or the reason given when refused or removed.
    message text,
    reason text,
    decided_by uuid references users (id) on delete set null,
    decided_at timestamptz,
    -- When the person became a member (for "member since").
    joined_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (theme_id, user_id),
    constraint memberships_role_check check (role in ('member', 'facilitator')),
    constraint memberships_state_check check (state in ('requested', 'active', 'refused', 'left', 'removed'))
);

create index memberships_user_idx on memberships (user_id, state);
create index memberships_theme_state_idx on memberships (theme_id, state);

create table follows (
    user_id uuid not null references users (id) on delete cascade,
    theme_id uuid not null references themes (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (user_id, theme_id)
);

create index follows_theme_idx on follows (theme_id);

-- Append-only: written in the same transaction as the change it records.
create table activity (
    id bigint generated always as identity primary key,
    theme_id uuid not null references themes (id) on delete cascade,
    actor_id uuid references users (id) on delete set null,
    verb text not null,
    -- The person the event is about (the requester, the new member…), if any.
    subject_id uuid references users (id) on delete set null,
    details jsonb not null default '{}'::jsonb,
    -- Public events appear in the timeline for every reader and in the Atom feed; the others
    -- (join requests, refusals, removals) only to facilitators, moderators and the person concerned.
    public boolean not null default true,
    created_at timestamptz not null default now()
);

create index activity_theme_idx on activity (theme_id, id desc);

create table notifications (
    id bigint generated always as identity primary key,
    user_id uuid not null references users (id) on delete cascade,
    activity_id bigint not null references activity (id) on delete cascade,
    read_at timestamptz,
    created_at timestamptz not null default now(),
    constraint notifications_once unique (user_id, activity_id)
);

create index notifications_unread_idx on notifications (user_id, id desc) where read_at is null;
create index notifications_user_idx on notifications (user_id, id desc);
