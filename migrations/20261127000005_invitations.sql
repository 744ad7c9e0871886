-- Invitations to a thème, sent by e-mail: single-use, expiring, stored as a SHA-256 of the token.
create table invitations (
    id uuid primary key,
    theme_id uuid not null references themes (id) on delete cascade,
    email citext not null,
    role text not null default 'member',
    token_hash bytea not null,
    invited_by uuid references users (id) on delete set null,
    expires_at timestamptz not null,
    accepted_at timestamptz,
    accepted_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    constraint invitations_token_key unique (token_hash),
    constraint invitations_role_check check (role in ('member', 'facilitator'))
);

create index invitations_theme_idx on invitations (theme_id, created_at desc);
