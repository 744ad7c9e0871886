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

/// A thème's threads, pinned first then by latest post, with the total count.
pub async fn threads(
    pool: &PgPool,
    theme_id: Uuid,
    moderator: bool,
    page: i64,
) -> Result<(Vec<ThreadRow>, i64), sqlx::Error> {
    // language=PostgreSQL
    let total = sqlx::query_scalar!(
        r#"select count(*) as "count!" from threads where theme_id = $1 and (not hidden or $2)"#,
        theme_id,
        moderator,
    )
    .fetch_one(pool)
    .await?;
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
        (page - 1).max(0) * THREADS_PER_PAGE,
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
    Ok((threads, total))
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

async fn share_theme(tx: &mut Transaction<'_, Postgres>, theme_id: Uuid) -> Result<(), PostError> {
    // language=PostgreSQL
    let status = sqlx::query_scalar!(
        r#"select status as "status: ThemeStatus" from themes where id = $1 for share"#,
        theme_id
    )
    .fetch_one(&mut **tx)
    .await?;
    if status == ThemeStatus::Open {
        Ok(())
    } else {
        Err(PostError::Closed)
    }
}

async fn insert_post(
    tx: &mut Transaction<'_, Postgres>,
    thread_id: Uuid,
    reply_to: Option<i64>,
    post: &NewPost<'_>,
) -> Result<i64, sqlx::Error> {
    // language=PostgreSQL
    let id = sqlx::query_scalar!(
        r#"
        insert into posts (thread_id, author_id, reply_to, source, html)
        values ($1, $2, $3, $4, $5)
        returning id
        "#,
        thread_id,
        post.author,
        reply_to,
        post.source,
        post.html,
    )
    .fetch_one(&mut **tx)
    .await?;
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into post_versions (post_id, version, source, html, author_id)
        values ($1, 1, $2, $3, $4)
        "#,
        id,
        post.source,
        post.html,
        post.author,
    )
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Keeps a thread's count and latest post in step with its visible posts.
async fn refresh_thread(
    tx: &mut Transaction<'_, Postgres>,
    thread_id: Uuid,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update threads t set
            post_count = s.count,
            last_post_id = s.last_id,
            last_post_at = coalesce(s.last_at, t.created_at)
        from (
            select count(*)::int as count, max(id) as last_id, max(created_at) as last_at
            from posts where thread_id = $1 and not hidden
        ) s
        where t.id = $1
        "#,
        thread_id,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn details(thread: i32, title: &str, post: Option<i64>) -> serde_json::Value {
    let mut details = serde_json::json!({ "thread": thread, "title": title });
    if let Some(post) = post {
        details["post"] = post.into();
    }
    details
}

/// Tells the people mentioned in a post (one private event each). Their notification of the
/// post itself (`announced`, as followers or as the author answered) is withdrawn: one post,
/// one notification, the more specific one.
async fn notify_mentions(
    tx: &mut Transaction<'_, Postgres>,
    theme_id: Uuid,
    post: &NewPost<'_>,
    details: &serde_json::Value,
    announced: Option<i64>,
) -> Result<(), sqlx::Error> {
    if let Some(activity) = announced
        && !post.mentions.is_empty()
    {
        // language=PostgreSQL
        sqlx::query!(
            "delete from notifications where activity_id = $1 and user_id = any($2)",
            activity,
            post.mentions,
        )
        .execute(&mut **tx)
        .await?;
    }
    for &person in post.mentions {
        if person == post.author {
            continue;
        }
        groups::record(
            tx,
            Event {
                theme_id,
                actor: Some(post.author),
                verb: "post.mentioned",
                subject: Some(person),
                details: details.clone(),
                public: false,
                audience: Audience::Subject,
            },
        )
        .await?;
    }
    Ok(())
}

/// Opens a thread with its first post; returns the thread's number and the post's id.
pub async fn open_thread(
    pool: &PgPool,
    theme_id: Uuid,
    title: &str,
    post: NewPost<'_>,
) -> Result<(i32, i64), PostError> {
    let mut tx = pool.begin().await?;
    share_theme(&mut tx, theme_id).await?;
    let id = Uuid::new_v4();
    // Two threads opened at once may pick the same number: the loser retries.
    let number = loop {
        // language=PostgreSQL
        let inserted = sqlx::query_scalar!(
            r#"
            insert into threads (id, theme_id, number, title, author_id)
            values ($1, $2, (select coalesce(max(number), 0) + 1 from threads where theme_id = $2),
                    $3, $4)
            on conflict (theme_id, number) do nothing
            returning number
            "#,
            id,
            theme_id,
            title,
            post.author,
        )
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(number) = inserted {
            break number;
        }
    };
    let post_id = insert_post(&mut tx, id, None, &post).await?;
    refresh_thread(&mut tx, id).await?;
    let details = details(number, title, Some(post_id));
    let announced = groups::record(
        &mut tx,
        Event {
            theme_id,
            actor: Some(post.author),
            verb: "thread.opened",
            subject: None,
            details: details.clone(),
            public: true,
            audience: Audience::Followers,
        },
    )
    .await?;
    notify_mentions(&mut tx, theme_id, &post, &details, Some(announced)).await?;
    tx.commit().await?;
    Ok((number, post_id))
}

/// Adds a post to a thread (open thème, unlocked thread); returns its id.
pub async fn reply(
    pool: &PgPool,
    theme_id: Uuid,
    thread_id: Uuid,
    reply_to: Option<i64>,
    post: NewPost<'_>,
) -> Result<i64, PostError> {
    let mut tx = pool.begin().await?;
    share_theme(&mut tx, theme_id).await?;
    // language=PostgreSQL
    let thread = sqlx::query!(
        "select number, title, locked, hidden from threads where id = $1 for update",
        thread_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(PostError::NotFound)?;
    if thread.hidden {
        return Err(PostError::NotFound);
    }
    if thread.locked {
        return Err(PostError::Locked);
    }
    let answered = match reply_to {
        Some(reply_to) => {
            // language=PostgreSQL
            let row = sqlx::query!(
                "select author_id, hidden from posts where id = $1 and thread_id = $2",
                reply_to,
                thread_id
            )
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(PostError::ReplyElsewhere)?;
            if row.hidden {
                return Err(PostError::ReplyElsewhere);
            }
            row.author_id
        }
        None => None,
    };
    let post_id = insert_post(&mut tx, thread_id, reply_to, &post).await?;
    refresh_thread(&mut tx, thread_id).await?;
    let mut details = details(thread.number, &thread.title, Some(post_id));
    if let Some(reply_to) = reply_to {
        details["reply_to"] = reply_to.into();
    }
    let announced = groups::record(
        &mut tx,
        Event {
            theme_id,
            actor: Some(post.author),
            verb: "post.created",
            subject: answered,
            details: details.clone(),
            public: true,
            audience: Audience::Followers,
        },
    )
    .await?;
    notify_mentions(&mut tx, theme_id, &post, &details, Some(announced)).await?;
    tx.commit().await?;
    Ok(post_id)
}

/// Replaces a post's text by its author, from version `base`; returns the new version.
#[allow(clippy::too_many_arguments)]
pub async fn edit(
    pool: &PgPool,
    theme_id: Uuid,
    post_id: i64,
    base: i32,
    post: NewPost<'_>,
) -> Result<i32, PostError> {
    let mut tx = pool.begin().await?;
    share_theme(&mut tx, theme_id).await?;
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select p.author_id, p.version, p.hidden, p.source, t.number, t.title, t.locked,
               t.hidden as thread_hidden
        from posts p join threads t on t.id = p.thread_id
        where p.id = $1 and t.theme_id = $2
        for update of p
        "#,
        post_id,
        theme_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(PostError::NotFound)?;
    if row.thread_hidden || row.hidden {
        return Err(PostError::NotFound);
    }
    if row.author_id != Some(post.author) {
        return Err(PostError::NotAuthor);
    }
    if row.locked {
        return Err(PostError::Locked);
    }
    if row.version != base {
        return Err(PostError::Stale);
    }
    if row.source == post.source {
        return Ok(row.version);
    }
    let version = row.version + 1;
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update posts set source = $2, html = $3, version = $4, edited_at = now() where id = $1
        "#,
        post_id,
        post.source,
        post.html,
        version,
    )
    .execute(&mut *tx)
    .await?;
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into post_versions (post_id, version, source, html, author_id)
        values ($1, $2, $3, $4, $5)
        "#,
        post_id,
        version,
        post.source,
        post.html,
        post.author,
    )
    .execute(&mut *tx)
    .await?;
    let mut details = details(row.number, &row.title, Some(post_id));
    details["version"] = version.into();
    groups::record(
        &mut tx,
        Event {
            theme_id,
            actor: Some(post.author),
            verb: "post.edited",
            subject: None,
            details: details.clone(),
            public: true,
            audience: Audience::Subject,
        },
    )
    .await?;
    // Only people newly mentioned by this version are told.
    // language=PostgreSQL
    let earlier: Vec<Uuid> = sqlx::query_scalar!(
        r#"
        select a.subject_id as "subject!" from activity a
        where a.theme_id = $1 and a.verb = 'post.mentioned' and (a.details->>'post')::bigint = $2
          and a.subject_id is not null
        "#,
        theme_id,
        post_id,
    )
    .fetch_all(&mut *tx)
    .await?;
    let fresh: Vec<Uuid> = post
        .mentions
        .iter()
        .copied()
        .filter(|id| !earlier.contains(id))
        .collect();
    let fresh_post = NewPost {
        mentions: &fresh,
        ..post
    };
    notify_mentions(&mut tx, theme_id, &fresh_post, &details, None).await?;
    tx.commit().await?;
    Ok(version)
}

/// What a facilitator or moderator does to a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadAction {
    Pin,
    Unpin,
    Lock,
    Unlock,
    Hide,
    Unhide,
}

impl ThreadAction {
    /// Parses the form's value.
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "pin" => Self::Pin,
            "unpin" => Self::Unpin,
            "lock" => Self::Lock,
            "unlock" => Self::Unlock,
            "hide" => Self::Hide,
            "unhide" => Self::Unhide,
            _ => return None,
        })
    }

    fn verb(self) -> &'static str {
        match self {
            Self::Pin => "thread.pinned",
            Self::Unpin => "thread.unpinned",
            Self::Lock => "thread.locked",
            Self::Unlock => "thread.unlocked",
            Self::Hide => "thread.hidden",
            Self::Unhide => "thread.unhidden",
        }
    }
}

/// Pins, locks or hides a thread (or undoes it), with an optional reason, in the activity and,
/// for hiding, the audit log. Returns false when nothing changed.
pub async fn moderate_thread(
    pool: &PgPool,
    theme_id: Uuid,
    thread_id: Uuid,
    actor: Uuid,
    action: ThreadAction,
    reason: &str,
) -> Result<bool, PostError> {
    let mut tx = pool.begin().await?;
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select t.number, t.title, t.author_id, t.pinned, t.locked, t.hidden,
               th.number as theme_number
        from threads t join themes th on th.id = t.theme_id
        where t.id = $1 and t.theme_id = $2 for update of t
        "#,
        thread_id,
        theme_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(PostError::NotFound)?;
    let (pinned, locked, hidden) = match action {
        ThreadAction::Pin => (true, row.locked, row.hidden),
        ThreadAction::Unpin => (false, row.locked, row.hidden),
        ThreadAction::Lock => (row.pinned, true, row.hidden),
        ThreadAction::Unlock => (row.pinned, false, row.hidden),
        ThreadAction::Hide => (row.pinned, row.locked, true),
        ThreadAction::Unhide => (row.pinned, row.locked, false),
    };
    if (pinned, locked, hidden) == (row.pinned, row.locked, row.hidden) {
        return Ok(false);
    }
    let reason = reason.trim();
    let hidden_reason = match action {
        ThreadAction::Hide => Some(reason),
        ThreadAction::Unhide => None,
        _ => None,
    };
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update threads set pinned = $2, locked = $3, hidden = $4,
            hidden_reason = case when $4 then $5 else null end
        where id = $1
        "#,
        thread_id,
        pinned,
        locked,
        hidden,
        hidden_reason,
    )
    .execute(&mut *tx)
    .await?;
    let mut details = details(row.number, &row.title, None);
    if !reason.is_empty() {
        details["note"] = reason.into();
    }
    let private = matches!(action, ThreadAction::Hide | ThreadAction::Unhide);
    groups::record(
        &mut tx,
        Event {
            theme_id,
            actor: Some(actor),
            verb: action.verb(),
            subject: row.author_id,
            details: details.clone(),
            public: !private,
            audience: Audience::Subject,
        },
    )
    .await?;
    if private {
        let mut details = details;
        details["theme"] = row.theme_number.into();
        users::audit(&mut tx, Some(actor), action.verb(), row.author_id, details).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Hides (with a reason) or shows again a post; resolves the open reports on it when hiding.
/// Returns false when nothing changed.
pub async fn set_post_hidden(
    pool: &PgPool,
    theme_id: Uuid,
    post_id: i64,
    actor: Uuid,
    hide: bool,
    reason: &str,
) -> Result<bool, PostError> {
    let mut tx = pool.begin().await?;
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select p.thread_id, p.author_id, p.hidden, t.number, t.title, th.number as theme_number
        from posts p join threads t on t.id = p.thread_id join themes th on th.id = t.theme_id
        where p.id = $1 and t.theme_id = $2
        for update of p
        "#,
        post_id,
        theme_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(PostError::NotFound)?;
    let reason = reason.trim();
    if row.hidden == hide {
        // Already hidden (by another moderator, or from another report): the reports still close.
        if hide {
            resolve_reports(&mut tx, post_id, reason, actor).await?;
            tx.commit().await?;
        }
        return Ok(false);
    }
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update posts set hidden = $2,
            hidden_reason = case when $2 then $3 else null end,
            hidden_by = case when $2 then $4::uuid else null end,
            hidden_at = case when $2 then now() else null end
        where id = $1
        "#,
        post_id,
        hide,
        reason,
        actor,
    )
    .execute(&mut *tx)
    .await?;
    refresh_thread(&mut tx, row.thread_id).await?;
    let verb = if hide { "post.hidden" } else { "post.unhidden" };
    let mut details = details(row.number, &row.title, Some(post_id));
    if !reason.is_empty() {
        details["note"] = reason.into();
    }
    if hide {
        resolve_reports(&mut tx, post_id, reason, actor).await?;
    }
    groups::record(
        &mut tx,
        Event {
            theme_id,
            actor: Some(actor),
            verb,
            subject: row.author_id,
            details: details.clone(),
            public: false,
            audience: Audience::Subject,
        },
    )
    .await?;
    details["theme"] = row.theme_number.into();
    users::audit(&mut tx, Some(actor), verb, row.author_id, details).await?;
    tx.commit().await?;
    Ok(true)
}

async fn resolve_reports(
    tx: &mut Transaction<'_, Postgres>,
    post_id: i64,
    note: &str,
    actor: Uuid,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        update reports set resolution = 'hidden', resolution_note = $2, resolved_by = $3,
            resolved_at = now()
        where post_id = $1 and resolution is null
        "#,
        post_id,
        note,
        actor,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records a report on a post; a second open report by the same person changes nothing.
pub async fn report(
    pool: &PgPool,
    post_id: i64,
    reporter: Uuid,
    reason: &str,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into reports (post_id, reporter_id, reason) values ($1, $2, $3)
        on conflict (post_id, reporter_id) where resolution is null do nothing
        "#,
        post_id,
        reporter,
        reason,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// What a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportTarget {
    /// A post of a discussion.
    Post(i64),
    /// A comment on a draft.
    Comment(i64),
}

/// One open report, with what moderators need to decide.
#[derive(Debug, Clone)]
pub struct ReportRow {
    pub id: i64,
    pub target: ReportTarget,
    pub theme_number: i32,
    pub theme_title: String,
    /// The thread's or the draft's number.
    pub place_number: i32,
    /// Its title.
    pub place_title: String,
    pub author: Option<String>,
    pub html: String,
    pub hidden: bool,
    pub reporter: Option<String>,
    pub reason: String,
    pub created_at: OffsetDateTime,
}

/// Open reports on posts and comments, oldest first.
pub async fn open_reports(pool: &PgPool, limit: i64) -> Result<Vec<ReportRow>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select r.id as "id!", r.post_id, r.comment_id, th.number as "theme_number!",
               th.title as "theme_title!", place.number as "place_number!",
               place.title as "place_title!", a.display_name as "author?", place.html as "html!",
               place.hidden as "hidden!", u.display_name as "reporter?", r.reason as "reason!",
               r.created_at as "created_at!"
        from reports r
        join lateral (
            select t.theme_id, t.number, t.title, p.html, p.hidden, p.author_id
            from posts p join threads t on t.id = p.thread_id where p.id = r.post_id
            union all
            select d.theme_id, d.number, d.title, c.html, c.hidden, c.author_id
            from draft_comments c join drafts d on d.id = c.draft_id where c.id = r.comment_id
        ) place on true
        join themes th on th.id = place.theme_id
        left join users a on a.id = place.author_id
        left join users u on u.id = r.reporter_id
        where r.resolution is null
        order by r.id
        limit $1
        "#,
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let target = match (row.post_id, row.comment_id) {
                (Some(post), _) => ReportTarget::Post(post),
                (None, Some(comment)) => ReportTarget::Comment(comment),
                (None, None) => return None,
            };
            Some(ReportRow {
                id: row.id,
                target,
                theme_number: row.theme_number,
                theme_title: row.theme_title,
                place_number: row.place_number,
                place_title: row.place_title,
                author: row.author,
                html: row.html,
                hidden: row.hidden,
                reporter: row.reporter,
                reason: row.reason,
                created_at: row.created_at,
            })
        })
        .collect())
}

/// The thème and target of an open report.
pub async fn report_target(
    pool: &PgPool,
    report_id: i64,
) -> Result<Option<(Uuid, ReportTarget)>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select coalesce(t.theme_id, d.theme_id) as "theme_id!", r.post_id, r.comment_id
        from reports r
        left join posts p on p.id = r.post_id
        left join threads t on t.id = p.thread_id
        left join draft_comments c on c.id = r.comment_id
        left join drafts d on d.id = c.draft_id
        where r.id = $1 and r.resolution is null
        "#,
        report_id,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|row| match (row.post_id, row.comment_id) {
        (Some(post), _) => Some((row.theme_id, ReportTarget::Post(post))),
        (None, Some(comment)) => Some((row.theme_id, ReportTarget::Comment(comment))),
        (None, None) => None,
    }))
}

/// Closes a report without hiding what it is about.
pub async fn dismiss_report(
    pool: &PgPool,
    report_id: i64,
    actor: Uuid,
    note: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        with resolved as (
            update reports set resolution = 'dismissed', resolution_note = $2, resolved_by = $3,
                resolved_at = now()
            where id = $1 and resolution is null
            returning post_id, comment_id
        )
        select r.post_id, r.comment_id, coalesce(p.author_id, c.author_id) as author_id,
               coalesce(t.number, d.number) as "number!", coalesce(t.title, d.title) as "title!",
               th.number as theme_number, d.head as "head?"
        from resolved r
        left join posts p on p.id = r.post_id
        left join threads t on t.id = p.thread_id
        left join draft_comments c on c.id = r.comment_id
        left join drafts d on d.id = c.draft_id
        join themes th on th.id = coalesce(t.theme_id, d.theme_id)
        "#,
        report_id,
        note,
        actor,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    let mut details = match row.comment_id {
        Some(comment) => {
            let mut details = crate::ssr::db::drafts::details(
                row.number,
                &row.title,
                row.head.unwrap_or_default(),
                "",
            );
            details["comment"] = comment.into();
            details
        }
        None => details(row.number, &row.title, row.post_id),
    };
    details["theme"] = row.theme_number.into();
    details["report"] = report_id.into();
    if !note.is_empty() {
        details["note"] = note.into();
    }
    users::audit(
        &mut tx,
        Some(actor),
        "report.dismissed",
        row.author_id,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The id of the thread's newest post (hidden ones included; 0 when none).
pub async fn last_post_id(pool: &PgPool, thread_id: Uuid) -> Result<i64, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"select coalesce(max(id), 0) as "id!" from posts where thread_id = $1"#,
        thread_id
    )
    .fetch_one(pool)
    .await
}

/// Ids of the thread's posts after `after` that the reader sees, oldest first (at most 100).
pub async fn post_ids_after(
    pool: &PgPool,
    thread_id: Uuid,
    moderator: bool,
    after: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"
        select id from posts where thread_id = $1 and id > $3 and (not hidden or $2)
        order by id limit 100
        "#,
        thread_id,
        moderator,
        after,
    )
    .fetch_all(pool)
    .await
}

/// Keeps `body` for `user` (a long text sent back to its form); returns its id.
pub async fn keep_text(pool: &PgPool, user: Uuid, body: &str) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    // language=PostgreSQL
    sqlx::query!(
        "insert into kept_texts (id, user_id, body) values ($1, $2, $3)",
        id,
        user,
        body
    )
    .execute(pool)
    .await?;
    Ok(id)
}

/// A kept text, for its author only.
pub async fn kept_text(pool: &PgPool, id: Uuid, user: Uuid) -> Result<Option<String>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        "select body from kept_texts where id = $1 and user_id = $2",
        id,
        user
    )
    .fetch_optional(pool)
    .await
}

/// Forgets kept texts older than a day.
pub async fn delete_old_kept_texts(pool: &PgPool) -> Result<u64, sqlx::Error> {
    // language=PostgreSQL
    let done = sqlx::query!("delete from kept_texts where created_at < now() - interval '1 day'")
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

/// One moderation decision from the audit log.
#[derive(Debug, Clone)]
pub struct ModerationRow {
    pub action: String,
    pub actor: Option<String>,
    pub subject: Option<String>,
    pub details: serde_json::Value,
    pub at: OffsetDateTime,
}

/// The latest moderation decisions on discussions (hidden and shown again, reports dismissed).
pub async fn moderation_log(pool: &PgPool, limit: i64) -> Result<Vec<ModerationRow>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select l.action, a.display_name as "actor?", s.display_name as "subject?", l.details,
               l.created_at
        from audit_log l
        left join users a on a.id = l.actor_id
        left join users s on s.id = l.subject_id
        where l.action in ('post.hidden', 'post.unhidden', 'thread.hidden', 'thread.unhidden',
                           'comment.hidden', 'comment.unhidden', 'report.dismissed')
        order by l.id desc
        limit $1
        "#,
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ModerationRow {
            action: row.action,
            actor: row.actor,
            subject: row.subject,
            details: row.details,
            at: row.created_at,
        })
        .collect())
}
