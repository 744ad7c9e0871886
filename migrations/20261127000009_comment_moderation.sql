-- Comments on drafts are moderated like posts: their authors edit (every version kept) or
-- delete them, anyone who reads them may report them, facilitators and moderators hide them.

alter table draft_comments
    add column version integer not null default 1,
    add column edited_at timestamptz,
    add column deleted_at timestamptz,
    add column hidden boolean not null default false,
    add column hidden_reason text,
    add column hidden_by uuid references users (id) on delete set null,
    add column hidden_at timestamptz;

-- The earlier wordings of a comment (the current one stays in draft_comments).
create table draft_comment_versions (
    comment_id bigint not null references draft_comments (id) on delete cascade,
    version integer not null,
    source text not null,
    html text not null,
    created_at timestamptz not null,
    primary key (comment_id, version)
);

-- A report is on a post or on a comment.
alter table reports
    alter column post_id drop not null,
    add column comment_id bigint references draft_comments (id) on delete cascade,
    add constraint reports_target_check check ((post_id is null) <> (comment_id is null));

create unique index reports_comment_once_idx on reports (comment_id, reporter_id)
    where resolution is null and comment_id is not null;
