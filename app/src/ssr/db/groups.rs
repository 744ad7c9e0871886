//! Working groups: who may do what in a thème, memberships, follows, the activity log and the
//! notifications it feeds.
//!
//! Every change here takes the caller's transaction and appends its activity row (and the
//! notifications) in it, so the log holds exactly the changes that committed.

use crate::{
    domain::{
        Role, ThemeNumber, ThemeStatus, Visibility,
        access::{Standing, ThemeRole},
    },
    ssr::db::users::User,
};
use sqlx::{PgPool, Postgres, Transaction};
use time::OffsetDateTime;
use uuid::Uuid;

/// A thème as its Atom feed names it.
#[derive(Debug, Clone)]
pub struct FeedTheme {
    /// Its number.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// When it last changed (used when it has no activity yet).
    pub updated_at: OffsetDateTime,
}

/// What the caller may do in one thème, loaded once per request.
#[derive(Debug, Clone)]
pub struct ThemeAccess {
    /// The thème's id.
    pub theme_id: Uuid,
    /// Its number.
    pub number: ThemeNumber,
    /// Its status.
    pub status: ThemeStatus,
    /// Who may read it.
    pub visibility: Visibility,
    /// The caller, if signed in.
    pub viewer: Option<User>,
    /// The caller's standing and role in the thème, if any.
    pub membership: Option<(ThemeRole, Standing)>,
}

impl ThemeAccess {
    /// Loads thème `number` as seen by `viewer`; `None` when there is no such thème.
    pub async fn load(
        pool: &PgPool,
        number: ThemeNumber,
        viewer: Option<User>,
    ) -> Result<Option<Self>, sqlx::Error> {
        let viewer_id = viewer.as_ref().map(|user| user.id);
        // language=PostgreSQL
        let row = sqlx::query!(
            r#"
            select t.id, t.status as "status: ThemeStatus", t.visibility as "visibility: Visibility",
                   m.role as "role?: ThemeRole", m.state as "state?: Standing"
            from themes t
            left join memberships m on m.theme_id = t.id and m.user_id = $2
            where t.number = $1
            "#,
            number.get(),
            viewer_id,
        )
        .fetch_optional(pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(Some(Self {
            theme_id: row.id,
            number,
            status: row.status,
            visibility: row.visibility,
            viewer,
            membership: row.role.zip(row.state),
        }))
    }

    /// A site moderator or admin.
    pub fn is_moderator(&self) -> bool {
        self.viewer
            .as_ref()
            .is_some_and(|user| matches!(user.role, Role::Moderator | Role::Admin))
    }

    /// An active member (facilitators included).
    pub fn is_member(&self) -> bool {
        matches!(self.membership, Some((_, Standing::Active)))
    }

    /// An active facilitator of this thème, or a moderator (who may act as one anywhere).
    pub fn can_facilitate(&self) -> bool {
        self.is_moderator()
            || matches!(
                self.membership,
                Some((ThemeRole::Facilitator, Standing::Active))
            )
    }

    /// Whether the caller may know the thème exists.
    pub fn can_read(&self) -> bool {
        self.visibility == Visibility::Public || self.is_member() || self.is_moderator()
    }

    /// Whether the thème accepts changes (open).
    pub fn is_open(&self) -> bool {
        self.status == ThemeStatus::Open
    }

    /// The caller's id, when signed in.
    pub fn viewer_id(&self) -> Option<Uuid> {
        self.viewer.as_ref().map(|user| user.id)
    }
}

/// Who is told about an event, besides the people following the thème (for public events).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Followers (public events) and the person the event is about.
    Followers,
    /// The thème's facilitators and the person the event is about (not followers).
    Facilitators,
    /// Only the person the event is about.
    Subject,
}

/// One event to append to the activity log.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    /// The thème.
    pub theme_id: Uuid,
    /// Who did it (None: the system).
    pub actor: Option<Uuid>,
    /// What happened (`theme.opened`, `join.requested`…).
    pub verb: &'a str,
    /// About whom.
    pub subject: Option<Uuid>,
    /// More (a note, a reason, a role…).
    pub details: serde_json::Value,
    /// Shown to every reader and in the feed.
    pub public: bool,
    /// Who is notified.
    pub audience: Audience,
}

/// Appends `event` and its notifications in `tx`; returns the activity id.
pub async fn record(
    tx: &mut Transaction<'_, Postgres>,
    event: Event<'_>,
) -> Result<i64, sqlx::Error> {
    // language=PostgreSQL
    let id = sqlx::query_scalar!(
        r#"
        insert into activity (theme_id, actor_id, verb, subject_id, details, public)
        values ($1, $2, $3, $4, $5, $6)
        returning id
        "#,
        event.theme_id,
        event.actor,
        event.verb,
        event.subject,
        event.details,
        event.public,
    )
    .fetch_one(&mut **tx)
    .await?;
    let followers = event.public && event.audience == Audience::Followers;
    let facilitators = event.audience == Audience::Facilitators;
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into notifications (user_id, activity_id)
        select distinct recipient, $1::bigint from (
            select f.user_id as recipient from follows f where f.theme_id = $2 and $3
            union all
            select $4::uuid where $4::uuid is not null
            union all
            select m.user_id from memberships m
            where m.theme_id = $2 and m.state = 'active' and m.role = 'facilitator' and $5
        ) as audience
        where recipient is not null and recipient is distinct from $6::uuid
        on conflict do nothing
        "#,
        id,
        event.theme_id,
        followers,
        event.subject,
        facilitators,
        event.actor,
    )
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// One member, or one pending request, as the members page lists them.
#[derive(Debug, Clone)]
pub struct MemberRow {
    /// The person.
    pub user_id: Uuid,
    /// Their name.
    pub display_name: String,
    /// Member or facilitator.
    pub role: ThemeRole,
    /// Their standing.
    pub state: Standing,
    /// The request's message.
    pub message: Option<String>,
    /// Since when they are a member (or asked).
    pub since: OffsetDateTime,
}

/// Active members (facilitators first) and pending requests of a thème.
pub async fn members(pool: &PgPool, theme_id: Uuid) -> Result<Vec<MemberRow>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_as!(
        MemberRow,
        r#"
        select m.user_id, u.display_name, m.role as "role: ThemeRole",
               m.state as "state: Standing", m.message,
               coalesce(m.joined_at, m.created_at) as "since!"
        from memberships m
        join users u on u.id = m.user_id
        where m.theme_id = $1 and m.state in ('active', 'requested')
        order by m.state, m.role desc, lower(u.display_name), m.user_id
        "#,
        theme_id,
    )
    .fetch_all(pool)
    .await
}

/// Locks and reads the membership row of `user_id` in `theme_id`.
pub async fn lock_membership(
    tx: &mut Transaction<'_, Postgres>,
    theme_id: Uuid,
    user_id: Uuid,
) -> Result<Option<(ThemeRole, Standing)>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select role as "role: ThemeRole", state as "state: Standing"
        from memberships where theme_id = $1 and user_id = $2 for update
        "#,
        theme_id,
        user_id,
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|row| (row.role, row.state)))
}

/// Locks the thème row, so that membership changes in one thème are serialised (the "at least one
/// facilitator" rule reads then writes), and returns its status.
pub async fn lock_theme(
    tx: &mut Transaction<'_, Postgres>,
    theme_id: Uuid,
) -> Result<ThemeStatus, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"select status as "status: ThemeStatus" from themes where id = $1 for update"#,
        theme_id
    )
    .fetch_one(&mut **tx)
    .await
}

/// Active facilitators and active members of a thème, in `tx`.
pub async fn counts(
    tx: &mut Transaction<'_, Postgres>,
    theme_id: Uuid,
) -> Result<(i64, i64), sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select count(*) filter (where role = 'facilitator') as "facilitators!",
               count(*) as "members!"
        from memberships where theme_id = $1 and state = 'active'
        "#,
        theme_id,
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok((row.facilitators, row.members))
}

/// Sets (or creates) the membership of `user_id`.
#[allow(clippy::too_many_arguments)]
pub async fn upsert_membership(
    tx: &mut Transaction<'_, Postgres>,
    theme_id: Uuid,
    user_id: Uuid,
    role: ThemeRole,
    state: Standing,
    message: Option<&str>,
    reason: Option<&str>,
    decided_by: Option<Uuid>,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into memberships (theme_id, user_id, role, state, message, reason, decided_by,
                                 decided_at, joined_at)
        values ($1, $2, $3, $4, $5, $6, $7,
                case when $7::uuid is null then null else now() end,
                case when $4 = 'active' then now() else null end)
        on conflict (theme_id, user_id) do update
           set role = excluded.role,
               state = excluded.state,
               message = coalesce(excluded.message, memberships.message),
               reason = excluded.reason,
               decided_by = excluded.decided_by,
               decided_at = excluded.decided_at,
               joined_at = case
                   when excluded.state = 'active' and memberships.state <> 'active' then now()
                   when excluded.state = 'active' then memberships.joined_at
                   else null end,
               updated_at = now()
        "#,
        theme_id,
        user_id,
        role.as_str(),
        state.as_str(),
        message,
        reason,
        decided_by,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Follows (`true`) or unfollows a thème; idempotent. Returns whether anything changed.
pub async fn set_follow(
    tx: &mut Transaction<'_, Postgres>,
    user_id: Uuid,
    theme_id: Uuid,
    follow: bool,
) -> Result<bool, sqlx::Error> {
    let changed = if follow {
        // language=PostgreSQL
        sqlx::query!(
            "insert into follows (user_id, theme_id) values ($1, $2) on conflict do nothing",
            user_id,
            theme_id
        )
        .execute(&mut **tx)
        .await?
    } else {
        // language=PostgreSQL
        sqlx::query!(
            "delete from follows where user_id = $1 and theme_id = $2",
            user_id,
            theme_id
        )
        .execute(&mut **tx)
        .await?
    };
    Ok(changed.rows_affected() > 0)
}

/// Whether `user_id` follows `theme_id`.
pub async fn follows(pool: &PgPool, user_id: Uuid, theme_id: Uuid) -> Result<bool, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"select exists(select 1 from follows where user_id = $1 and theme_id = $2) as "x!""#,
        user_id,
        theme_id
    )
    .fetch_one(pool)
    .await
}

/// One activity row, with names.
#[derive(Debug, Clone)]
pub struct ActivityRow {
    /// Its id (the position in the log).
    pub id: i64,
    /// The thème's number.
    pub theme_number: i32,
    /// The thème's title.
    pub theme_title: String,
    /// Who did it.
    pub actor: Option<String>,
    /// What happened.
    pub verb: String,
    /// About whom.
    pub subject: Option<String>,
    /// A note or reason, if public.
    pub details: serde_json::Value,
    /// When.
    pub at: OffsetDateTime,
}

/// A thème's timeline, newest first: `limit` rows before `before` (an activity id). Private
/// events, and events about hidden threads and posts, are included only when `include_private`
/// (facilitators and moderators); private events also when they concern `viewer`.
pub async fn timeline(
    pool: &PgPool,
    theme_id: Uuid,
    include_private: bool,
    viewer: Option<Uuid>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<ActivityRow>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select a.id, t.number, t.title, actor.display_name as "actor?", a.verb,
               subject.display_name as "subject?", a.details, a.created_at
        from activity a
        join themes t on t.id = a.theme_id
        left join users actor on actor.id = a.actor_id
        left join users subject on subject.id = a.subject_id
        where a.theme_id = $1
          and (a.public or $2 or a.subject_id = $3 or a.actor_id = $3)
          and a.id < coalesce($4, 9223372036854775807)
          -- Hidden threads and posts exist only for those who moderate them.
          and ($2 or not exists (
              select 1 from threads th
              where th.theme_id = a.theme_id and th.number = (a.details->>'thread')::int
                and (th.hidden or exists (
                    select 1 from posts p
                    where p.id = (a.details->>'post')::bigint and p.thread_id = th.id and p.hidden))))
        order by a.id desc
        limit $5
        "#,
        theme_id,
        include_private,
        viewer,
        before,
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ActivityRow {
            id: row.id,
            theme_number: row.number,
            theme_title: row.title,
            actor: row.actor,
            verb: row.verb,
            subject: row.subject,
            details: row.details,
            at: row.created_at,
        })
        .collect())
}

/// One notification with its event.
#[derive(Debug, Clone)]
pub struct NotificationRow {
    /// Its id.
    pub id: i64,
    /// Read already.
    pub read: bool,
    /// The event.
    pub event: ActivityRow,
}

/// A person's notifications, newest first (at most `limit`).
pub async fn notifications(
    pool: &PgPool,
    user_id: Uuid,
    limit: i64,
) -> Result<Vec<NotificationRow>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        select n.id, n.read_at, a.id as activity_id, t.number, t.title,
               actor.display_name as "actor?", a.verb, subject.display_name as "subject?",
               a.details, a.created_at
        from notifications n
        join activity a on a.id = n.activity_id
        join themes t on t.id = a.theme_id
        left join users actor on actor.id = a.actor_id
        left join users subject on subject.id = a.subject_id
        where n.user_id = $1
        order by n.id desc
        limit $2
        "#,
        user_id,
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| NotificationRow {
            id: row.id,
            read: row.read_at.is_some(),
            event: ActivityRow {
                id: row.activity_id,
                theme_number: row.number,
                theme_title: row.title,
                actor: row.actor,
                verb: row.verb,
                subject: row.subject,
                details: row.details,
                at: row.created_at,
            },
        })
        .collect())
}

/// How many notifications of `user_id` are unread.
pub async fn unread_count(pool: &PgPool, user_id: Uuid) -> Result<i64, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_scalar!(
        r#"select count(*) as "count!" from notifications where user_id = $1 and read_at is null"#,
        user_id
    )
    .fetch_one(pool)
    .await
}

/// Marks the notifications of `user_id` read: one (`Some(id)`) or all.
pub async fn mark_read(pool: &PgPool, user_id: Uuid, id: Option<i64>) -> Result<u64, sqlx::Error> {
    // language=PostgreSQL
    let done = sqlx::query!(
        r#"
        update notifications set read_at = now()
        where user_id = $1 and read_at is null and ($2::bigint is null or id = $2)
        "#,
        user_id,
        id,
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// A public thème's id and what its feed needs, by number.
pub async fn public_theme(
    pool: &PgPool,
    number: ThemeNumber,
) -> Result<Option<(Uuid, FeedTheme)>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query!(
        "select id, number, title, updated_at from themes where number = $1 and visibility = 'public'",
        number.get()
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| {
        (
            row.id,
            FeedTheme {
                number: row.number,
                title: row.title,
                updated_at: row.updated_at,
            },
        )
    }))
}

/// A pending invitation, as the members page lists it.
#[derive(Debug, Clone)]
pub struct InvitationRow {
    /// The address invited.
    pub email: String,
    /// The role offered.
    pub role: ThemeRole,
    /// Until when the link works.
    pub expires_at: OffsetDateTime,
}

/// Stores an invitation valid for `days`.
pub async fn insert_invitation(
    tx: &mut Transaction<'_, Postgres>,
    theme_id: Uuid,
    email: &str,
    role: ThemeRole,
    token_hash: &[u8],
    invited_by: Uuid,
    days: i32,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into invitations (id, theme_id, email, role, token_hash, invited_by, expires_at)
        values ($1, $2, $3::text::citext, $4, $5, $6, now() + make_interval(days => $7))
        "#,
        Uuid::new_v4(),
        theme_id,
        email,
        role.as_str(),
        token_hash,
        invited_by,
        days,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Invitations of a thème not yet accepted nor expired, newest first.
pub async fn pending_invitations(
    pool: &PgPool,
    theme_id: Uuid,
) -> Result<Vec<InvitationRow>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_as!(
        InvitationRow,
        r#"
        select email::text as "email!", role as "role: ThemeRole", expires_at from invitations
        where theme_id = $1 and accepted_at is null and expires_at > now()
        order by created_at desc
        "#,
        theme_id,
    )
    .fetch_all(pool)
    .await
}

/// What an invitation link offers, if it is still usable.
#[derive(Debug, Clone)]
pub struct OpenInvitation {
    /// The invitation.
    pub id: Uuid,
    /// The thème.
    pub theme_id: Uuid,
    /// Its number.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// The role offered.
    pub role: ThemeRole,
}

/// The usable invitation with this token hash; with `lock`, in `tx` and locked for accepting.
pub async fn open_invitation(
    tx: &mut Transaction<'_, Postgres>,
    token_hash: &[u8],
) -> Result<Option<OpenInvitation>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_as!(
        OpenInvitation,
        r#"
        select i.id, i.theme_id, t.number, t.title, i.role as "role: ThemeRole"
        from invitations i join themes t on t.id = i.theme_id
        where i.token_hash = $1 and i.accepted_at is null and i.expires_at > now()
        for update of i
        "#,
        token_hash,
    )
    .fetch_optional(&mut **tx)
    .await
}

/// Marks an invitation accepted by `user_id`.
pub async fn accept_invitation(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    user_id: Uuid,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        "update invitations set accepted_at = now(), accepted_by = $2 where id = $1",
        id,
        user_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
