-- The publication and its structure: a cahier holds axes, an axe holds thèmes, and each thème is a
-- working group. Markdown sources are stored beside their sanitised HTML, rendered once at write
-- time, so reads never run the Markdown renderer or the sanitiser.

create table cahiers (
    id uuid primary key,
    slug text not null,
    title text not null,
    publisher text not null,
    description_md text not null,
    description_html text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint cahiers_slug_key unique (slug)
);

create table axes (
    id uuid primary key,
    cahier_id uuid not null references cahiers (id) on delete restrict,
    number integer not null,
    title text not null,
    -- Comma-separated keywords as published ("Prévention, Développement durable, Innovation").
    keywords text not null default '',
    intro_md text not null,
    intro_html text not null,
    published_on date,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint axes_cahier_number_key unique (cahier_id, number),
    constraint axes_number_positive check (number > 0)
);

create table themes (
    id uuid primary key,
    axe_id uuid not null references axes (id) on delete restrict,
    -- Thème numbers are unique across the whole cahier (the seed numbers them 10–12 in axe 4);
    -- with one cahier per database this is a plain unique key.
    number integer not null,
    title text not null,
    summary text not null,
    description_md text not null,
    description_html text not null,
    status text not null default 'open',
    visibility text not null default 'public',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint themes_number_key unique (number),
    constraint themes_number_positive check (number > 0),
    constraint themes_status_check check (status in ('open', 'closed', 'archived')),
    constraint themes_visibility_check check (visibility in ('public', 'members'))
);

create index themes_axe_id_idx on themes (axe_id, number);
