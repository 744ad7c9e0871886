//! "Since my last visit": the visits people pay to thèmes and drafts, and what changed in a thème
//! since a moment (for the thème page and the daily digest).
//!
//! A visit lasts while pages are opened less than `gap` apart (an hour unless configured), so
//! that reloading a page or posting a form does not make what changed disappear; the next visit
//! starts from where the previous one ended.

use sqlx::PgPool;
use std::time::Duration;
use time::OffsetDateTime;
use uuid::Uuid;

/// Records that `user` reads `draft_id` at revision `head`; returns the revision "since my last
/// visit" starts from (`head` on a first visit). A page opened more than `gap` after the
/// previous one starts a new visit.
pub async fn visit_draft(
    pool: &PgPool,
    user: Uuid,
    draft_id: Uuid,
    head: i32,
    gap: Duration,
) -> Result<i32, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        insert into draft_visits (user_id, draft_id, revision, baseline)
        values ($1, $2, $3, $3)
        on conflict (user_id, draft_id) do update set
            baseline = case when draft_visits.seen_at < now() - make_interval(secs => $4)
                            then draft_visits.revision else draft_visits.baseline end,
            revision = excluded.revision,
            seen_at = now()
        returning baseline
        "#,
        user,
        draft_id,
        head,
        gap.as_secs_f64(),
    )
    .fetch_one(pool)
    .await
}

/// Records that `user` opens thème `theme_id`; returns the moment "since my last visit" starts
/// from, or `None` on a first visit. A page opened more than `gap` after the previous one starts
/// a new visit.
pub async fn visit_theme(
    pool: &PgPool,
    user: Uuid,
    theme_id: Uuid,
    gap: Duration,
) -> Result<Option<OffsetDateTime>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        insert into theme_visits (user_id, theme_id) values ($1, $2)
        on conflict (user_id, theme_id) do update set
            baseline = case when theme_visits.seen_at < now() - make_interval(secs => $3)
                            then theme_visits.seen_at else theme_visits.baseline end,
            seen_at = now()
        returning baseline
        "#,
        user,
        theme_id,
        gap.as_secs_f64(),
    )
    .fetch_one(pool)
    .await
}

/// A draft that changed.
#[derive(Debug, Clone)]
pub struct DraftChange {
    /// Its id.
    pub draft_id: Uuid,
    /// Its number.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// The revision the person saw last (0: the draft is new to them).
    pub from: i32,
    /// Its head.
    pub head: i32,
    /// Who wrote the revisions after `from`.
    pub authors: Vec<String>,
}

/// A discussion with new posts.
#[derive(Debug, Clone)]
pub struct ThreadChange {
    /// Its number.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// Whether the thread itself is new.
    pub new: bool,
    /// How many new posts.
    pub posts: i64,
    /// The first new post.
    pub first_post: i64,
}

/// What changed in a thème.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// Drafts with revisions by others.
    pub drafts: Vec<DraftChange>,
    /// Discussions with posts by others.
    pub threads: Vec<ThreadChange>,
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.drafts.is_empty() && self.threads.is_empty()
    }
}

/// What others changed in thème `theme_id` since `since`, for `user`: drafts from the revision
/// they last saw (or the one current at `since`, whichever is newer), discussions from `since`.
/// Hidden threads and posts are left out.
pub async fn changes_since(
    pool: &PgPool,
    theme_id: Uuid,
    user: Uuid,
    since: OffsetDateTime,
) -> Result<Changes, sqlx::Error> {
    // language=PostgreSQL
    let drafts = sqlx::query!(
        r#"
        with seen as (
            select d.id, d.number, d.title, d.head,
                   greatest(
                       coalesce((select v.revision from draft_visits v
                                 where v.draft_id = d.id and v.user_id = $2), 0),
                       coalesce((select max(r.number) from draft_revisions r
                                 where r.draft_id = d.id and r.created_at <= $3), 0)
                   ) as "from!"
            from drafts d where d.theme_id = $1
        )
        select s.id, s.number, s.title, s.head, s."from!" as "from!",
               array(select distinct u.display_name from draft_revisions r
                     join users u on u.id = r.author_id
                     where r.draft_id = s.id and r.number > s."from!"
                     order by u.display_name) as "authors!"
        from seen s
        where s.head > s."from!"
          and exists (select 1 from draft_revisions r where r.draft_id = s.id
                      and r.number > s."from!" and r.author_id is distinct from $2)
        order by s.number
        "#,
        theme_id,
        user,
        since,
    )
    .fetch_all(pool)
    .await?;
    // language=PostgreSQL
    let threads = sqlx::query!(
        r#"
        select t.number, t.title, t.created_at > $3 as "new!", count(*) as "posts!",
               min(p.id) as "first_post!"
        from posts p join threads t on t.id = p.thread_id
        where t.theme_id = $1 and p.created_at > $3 and not p.hidden and not t.hidden
          and p.author_id is distinct from $2
        group by t.id
        order by max(p.created_at) desc
        "#,
        theme_id,
        user,
        since,
    )
    .fetch_all(pool)
    .await?;
    Ok(Changes {
        drafts: drafts
            .into_iter()
            .map(|row| DraftChange {
                draft_id: row.id,
                number: row.number,
                title: row.title,
                from: row.from,
                head: row.head,
                authors: row.authors,
            })
            .collect(),
        threads: threads
            .into_iter()
            .map(|row| ThreadChange {
                number: row.number,
                title: row.title,
                new: row.new,
                posts: row.posts,
                first_post: row.first_post,
            })
            .collect(),
    })
}

/// The thèmes `user` follows and may read: (id, number, title).
pub async fn followed_themes(
    pool: &PgPool,
    user: Uuid,
) -> Result<Vec<(Uuid, i32, String)>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select t.id, t.number, t.title from follows f
        join themes t on t.id = f.theme_id
        join users u on u.id = f.user_id
        where f.user_id = $1
          and (t.visibility = 'public' or u.role in ('moderator', 'admin')
               or exists (select 1 from memberships m where m.theme_id = t.id
                          and m.user_id = $1 and m.state = 'active'))
        order by t.number
        "#,
        user,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.id, row.number, row.title))
        .collect())
}

/// Someone whose daily digest is due.
#[derive(Debug, Clone)]
pub struct DigestDue {
    /// Their id.
    pub id: Uuid,
    /// Their address.
    pub email: String,
    /// Their name.
    pub name: String,
    /// The last digest (None: never sent).
    pub last: Option<OffsetDateTime>,
    /// The language they read Atelier in ("fr" when never chosen).
    pub locale: String,
}

/// The people who asked for the digest and got none for a day.
pub async fn digests_due(pool: &PgPool) -> Result<Vec<DigestDue>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select id, email::text as "email!", display_name, digest_sent_at,
               coalesce(locale, 'fr') as "locale!"
        from users
        where digest and (digest_sent_at is null or digest_sent_at <= now() - interval '1 day')
        order by id
        "#,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| DigestDue {
            id: row.id,
            email: row.email,
            name: row.display_name,
            last: row.digest_sent_at,
            locale: row.locale,
        })
        .collect())
}

/// Marks `user`'s digest as sent at `at`.
pub async fn digest_sent(pool: &PgPool, user: Uuid, at: OffsetDateTime) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        "update users set digest_sent_at = $2 where id = $1",
        user,
        at
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Turns `user`'s daily digest on or off; turning it on starts it from now.
pub async fn set_digest(pool: &PgPool, user: Uuid, on: bool) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update users set digest = $2,
                         digest_sent_at = case when $2 and not digest then now()
                                               else digest_sent_at end
        where id = $1
        "#,
        user,
        on
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Whether `user` gets the daily digest.
pub async fn digest_on(pool: &PgPool, user: Uuid) -> Result<bool, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!("select digest from users where id = $1", user)
        .fetch_one(pool)
        .await
}
