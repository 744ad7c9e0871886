//! Writing in discussions: opening threads, replying, editing posts, and what mentions notify.

use super::*;

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
pub(super) async fn refresh_thread(
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

pub(super) fn details(thread: i32, title: &str, post: Option<i64>) -> serde_json::Value {
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
///
/// Kept in one piece: one transaction in order (lock, check the version, keep the old wording,
/// write, re-render the mentions, log); the steps share its locks.
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
