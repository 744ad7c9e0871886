-- People and their site role, and the audit log of privileged actions.
--
-- E-mails are case-insensitive (citext) and unique. Only an argon2id PHC string is stored, never
-- a password. Site roles: member (everyone), moderator, admin; roles within a thème come with
-- memberships.

create extension if not exists citext;

create table users (
    id uuid primary key,
    email citext not null,
    display_name text not null,
    password_hash text not null,
    role text not null default 'member',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint users_email_key unique (email),
    constraint users_role_check check (role in ('member', 'moderator', 'admin')),
    constraint users_display_name_length check (char_length(display_name) between 1 and 80)
);

-- Who did what, when; written in the same transaction as the change. `actor_id` is null when the
-- change came from the command line.
create table audit_log (
    id bigint generated always as identity primary key,
    actor_id uuid references users (id) on delete set null,
    action text not null,
    subject_id uuid,
    details jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now()
);

create index audit_log_created_at_idx on audit_log (created_at desc);
