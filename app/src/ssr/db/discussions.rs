//! Discussions: threads, posts and their versions, moderation and reports.
//!
//! Every change takes its own transaction, appends its activity (and notifications) in it, and
//! locks what it depends on: the thème row is shared (a thème closing meanwhile is respected), the
//! thread row is locked for update (a thread locked meanwhile refuses the reply).
//!
//! `moderator` parameters say whether the reader may see hidden threads and posts (the thème's
//! facilitators and the site's moderators); for everyone else hidden content does not exist.

use crate::{
    domain::ThemeStatus,
    ssr::db::{
        groups::{self, Audience, Event},
        users,
    },
};
use sqlx::{PgPool, Postgres, Transaction};
use time::OffsetDateTime;
use uuid::Uuid;

mod posting;
pub use posting::*;

mod moderation;
pub use moderation::*;

/// Posts per page of a thread.
pub const POSTS_PER_PAGE: i64 = 50;
/// Threads per page of a thème's list.
pub const THREADS_PER_PAGE: i64 = 30;

/// Why a change was refused.
#[derive(Debug, thiserror::Error)]
pub enum PostError {
    /// The thème is closed or archived.
    #[error("the thème is read-only")]
    Closed,
    /// The thread is locked.
    #[error("the thread is locked")]
    Locked,
    /// No such thread or post (or hidden from the caller).
    #[error("not found")]
    NotFound,
    /// Only the author may do this.
    #[error("not the author")]
    NotAuthor,
    /// The post changed since the edit started.
    #[error("stale version")]
    Stale,
    /// The post answered does not belong to the thread.
    #[error("reply to another thread")]
    ReplyElsewhere,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// One thread as lists and pages show it.
#[derive(Debug, Clone)]
pub struct ThreadRow {
    pub id: Uuid,
    pub number: i32,
    pub title: String,
    pub author_id: Option<Uuid>,
    pub author: Option<String>,
    pub pinned: bool,
    pub locked: bool,
    pub hidden: bool,
    pub hidden_reason: Option<String>,
    pub post_count: i32,
    pub last_author: Option<String>,
    pub last_post_at: OffsetDateTime,
    pub created_at: OffsetDateTime,
}

/// One post with its author and what it answers.
#[derive(Debug, Clone)]
pub struct PostRow {
    pub id: i64,
    pub author_id: Option<Uuid>,
    pub author: Option<String>,
    pub reply_to: Option<i64>,
    pub reply_to_author: Option<String>,
    pub source: String,
    pub html: String,
    pub version: i32,
    pub hidden: bool,
    pub hidden_reason: Option<String>,
    pub created_at: OffsetDateTime,
    pub edited_at: Option<OffsetDateTime>,
}

/// One version of a post.
#[derive(Debug, Clone)]
pub struct VersionRow {
    pub version: i32,
    pub source: String,
    pub html: String,
    pub author: Option<String>,
    pub created_at: OffsetDateTime,
}

/// A new post's text, rendered, with the people it mentions.
#[derive(Debug, Clone)]
pub struct NewPost<'a> {
    pub author: Uuid,
    pub source: &'a str,
    pub html: &'a str,
    pub mentions: &'a [Uuid],
}

/// Page `page` of a thème's threads (pinned first, then by latest post), with the total count
/// and the page shown: `page` is brought within the pages there are.
pub async fn threads(
    pool: &PgPool,
    theme_id: Uuid,
    moderator: bool,
    page: i64,
) -> Result<(Vec<ThreadRow>, i64, i64), sqlx::Error> {
    // language=PostgreSQL
    let total = sqlx::query_scalar!(
        r#"select count(*) as "count!" from threads where theme_id = $1 and (not hidden or $2)"#,
        theme_id,
        moderator,
    )
    .fetch_one(pool)
    .await?;
    let page = page.clamp(
        1,
        ((total + THREADS_PER_PAGE - 1) / THREADS_PER_PAGE).max(1),
    );
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select t.id, t.number, t.title, t.author_id, a.display_name as "author?", t.pinned,
               t.locked, t.hidden, t.hidden_reason, t.post_count, t.last_post_at, t.created_at,
               l.display_name as "last_author?"
        from threads t
        left join users a on a.id = t.author_id
        left join posts p on p.id = t.last_post_id
        left join users l on l.id = p.author_id
        where t.theme_id = $1 and (not t.hidden or $2)
        order by t.pinned desc, t.last_post_at desc, t.number desc
        limit $3 offset $4
        "#,
        theme_id,
        moderator,
        THREADS_PER_PAGE,
        (page - 1) * THREADS_PER_PAGE,
    )
    .fetch_all(pool)
    .await?;
    let threads = rows
        .into_iter()
        .map(|row| ThreadRow {
            id: row.id,
            number: row.number,
            title: row.title,
            author_id: row.author_id,
            author: row.author,
            pinned: row.pinned,
            locked: row.locked,
            hidden: row.hidden,
            hidden_reason: row.hidden_reason,
            post_count: row.post_count,
            last_author: row.last_author,
            last_post_at: row.last_post_at,
            created_at: row.created_at,
        })
        .collect();
    Ok((threads, total, page))
}

/// Thread `number` of the thème, when the reader may see it.
pub async fn thread(
    pool: &PgPool,
    theme_id: Uuid,
    number: i32,
    moderator: bool,
) -> Result<Option<ThreadRow>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select t.id, t.number, t.title, t.author_id, a.display_name as "author?", t.pinned,
               t.locked, t.hidden, t.hidden_reason, t.post_count, t.last_post_at, t.created_at
        from threads t
        left join users a on a.id = t.author_id
        where t.theme_id = $1 and t.number = $2 and (not t.hidden or $3)
        "#,
        theme_id,
        number,
        moderator,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| ThreadRow {
        id: row.id,
        number: row.number,
        title: row.title,
        author_id: row.author_id,
        author: row.author,
        pinned: row.pinned,
        locked: row.locked,
        hidden: row.hidden,
        hidden_reason: row.hidden_reason,
        post_count: row.post_count,
        last_author: None,
        last_post_at: row.last_post_at,
        created_at: row.created_at,
    }))
}

/// The thème's visible threads, latest activity first, as (number, title), at most `limit`.
pub async fn thread_choices(
    pool: &PgPool,
    theme_id: Uuid,
    limit: i64,
) -> Result<Vec<(i32, String)>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select number, title from threads where theme_id = $1 and not hidden
        order by coalesce(last_post_at, created_at) desc limit $2
        "#,
        theme_id,
        limit
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.number, row.title))
        .collect())
}

/// The id of the thème's thread `number`, unless there is none or it is hidden.
pub async fn visible_thread_id(
    pool: &PgPool,
    theme_id: Uuid,
    number: i32,
) -> Result<Option<Uuid>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        "select id from threads where theme_id = $1 and number = $2 and not hidden",
        theme_id,
        number
    )
    .fetch_optional(pool)
    .await
}

/// How many posts of the thread the reader sees.
pub async fn visible_posts(
    pool: &PgPool,
    thread_id: Uuid,
    moderator: bool,
) -> Result<i64, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"select count(*) as "count!" from posts where thread_id = $1 and (not hidden or $2)"#,
        thread_id,
        moderator,
    )
    .fetch_one(pool)
    .await
}

/// Posts of a thread in order: `limit` of them after `offset` visible ones, or (with `after`) the
/// ones whose id is greater.
pub async fn posts(
    pool: &PgPool,
    thread_id: Uuid,
    moderator: bool,
    after: Option<i64>,
    offset: i64,
    limit: i64,
) -> Result<Vec<PostRow>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select p.id, p.author_id, a.display_name as "author?", p.reply_to,
               case when r.id is not null and (not r.hidden or $2) then ra.display_name end
                   as "reply_to_author?",
               p.source, p.html, p.version, p.hidden, p.hidden_reason, p.created_at, p.edited_at
        from posts p
        left join users a on a.id = p.author_id
        left join posts r on r.id = p.reply_to
        left join users ra on ra.id = r.author_id
        where p.thread_id = $1 and (not p.hidden or $2) and p.id > coalesce($3::bigint, 0)
        order by p.id
        limit $4 offset $5
        "#,
        thread_id,
        moderator,
        after,
        limit,
        offset,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| PostRow {
            id: row.id,
            author_id: row.author_id,
            author: row.author,
            reply_to: row.reply_to,
            reply_to_author: row.reply_to_author,
            source: row.source,
            html: row.html,
            version: row.version,
            hidden: row.hidden,
            hidden_reason: row.hidden_reason,
            created_at: row.created_at,
            edited_at: row.edited_at,
        })
        .collect())
}

/// One post with its thread's id, when it belongs to the thème (hidden ones included).
pub async fn post(
    pool: &PgPool,
    theme_id: Uuid,
    post_id: i64,
) -> Result<Option<(Uuid, i32, PostRow)>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select p.id, p.thread_id, t.number, p.author_id, a.display_name as "author?", p.reply_to,
               p.source, p.html, p.version, p.hidden, p.hidden_reason, p.created_at, p.edited_at
        from posts p
        join threads t on t.id = p.thread_id
        left join users a on a.id = p.author_id
        where p.id = $1 and t.theme_id = $2
        "#,
        post_id,
        theme_id,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| {
        (
            row.thread_id,
            row.number,
            PostRow {
                id: row.id,
                author_id: row.author_id,
                author: row.author,
                reply_to: row.reply_to,
                reply_to_author: None,
                source: row.source,
                html: row.html,
                version: row.version,
                hidden: row.hidden,
                hidden_reason: row.hidden_reason,
                created_at: row.created_at,
                edited_at: row.edited_at,
            },
        )
    }))
}

/// The 1-based position of post `post_id` among the posts of its thread the reader sees.
pub async fn position(
    pool: &PgPool,
    thread_id: Uuid,
    post_id: i64,
    moderator: bool,
) -> Result<i64, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        select count(*) as "count!" from posts
        where thread_id = $1 and id <= $2 and (not hidden or $3)
        "#,
        thread_id,
        post_id,
        moderator,
    )
    .fetch_one(pool)
    .await
}

/// Every version of a post, oldest first.
pub async fn versions(pool: &PgPool, post_id: i64) -> Result<Vec<VersionRow>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select v.version, v.source, v.html, u.display_name as "author?", v.created_at
        from post_versions v left join users u on u.id = v.author_id
        where v.post_id = $1
        order by v.version
        "#,
        post_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| VersionRow {
            version: row.version,
            source: row.source,
            html: row.html,
            author: row.author,
            created_at: row.created_at,
        })
        .collect())
}

/// Active members of the thème with their names, for mentions.
pub async fn member_names(
    pool: &PgPool,
    theme_id: Uuid,
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select u.id, u.display_name from memberships m join users u on u.id = m.user_id
        where m.theme_id = $1 and m.state = 'active'
        "#,
        theme_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.id, row.display_name))
        .collect())
}
