-- Server-side sessions, sign-in attempts (for throttling and the record) and e-mailed tokens.

-- One row per browser session. `data` is the session's content as tower-sessions keeps it;
-- `user_id` is copied out of it on every save so that a person's sessions can be listed and ended.
create table sessions (
    id text primary key,
    user_id uuid references users (id) on delete cascade,
    data jsonb not null default '{}'::jsonb,
    expires_at timestamptz not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create index sessions_user_id_idx on sessions (user_id) where user_id is not null;
create index sessions_expires_at_idx on sessions (expires_at);

-- Every sign-in, sign-up and reset attempt: who tried (the e-mail as typed, and the account when
-- one matched), from where, and whether it succeeded. Counters for throttling are read from here,
-- so every instance of the app shares them.
create table auth_attempts (
    id bigint generated always as identity primary key,
    kind text not null,
    email citext,
    user_id uuid references users (id) on delete set null,
    ip inet,
    succeeded boolean not null,
    created_at timestamptz not null default now(),
    constraint auth_attempts_kind_check check (kind in ('sign_in', 'sign_up', 'reset'))
);

create index auth_attempts_email_idx on auth_attempts (email, created_at) where not succeeded;
create index auth_attempts_ip_idx on auth_attempts (ip, kind, created_at);
create index auth_attempts_created_at_idx on auth_attempts (created_at);

-- Links sent by e-mail (confirm a sign-up, reset a password, confirm a new address). Only a SHA-256
-- of the token is kept; each is single-use and expires.
create table email_tokens (
    token_hash bytea primary key,
    purpose text not null,
    email citext not null,
    user_id uuid references users (id) on delete cascade,
    payload jsonb not null default '{}'::jsonb,
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null default now(),
    constraint email_tokens_purpose_check check (purpose in ('sign_up', 'reset', 'email_change'))
);

create index email_tokens_expires_at_idx on email_tokens (expires_at);
