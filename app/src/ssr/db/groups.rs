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

mod activity;
pub use activity::*;

mod invitations;
pub use invitations::*;

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
    /// Its title.
    pub title: String,
    /// Whether its members (not only its facilitators) decide on suggestions.
    pub members_accept_suggestions: bool,
    /// Whether the caller follows it.
    pub following: bool,
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
            select t.id, t.title, t.members_accept_suggestions,
                   t.status as "status: ThemeStatus", t.visibility as "visibility: Visibility",
                   m.role as "role?: ThemeRole", m.state as "state?: Standing",
                   exists(select 1 from follows f where f.user_id = $2 and f.theme_id = t.id)
                       as "following!"
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
            title: row.title,
            members_accept_suggestions: row.members_accept_suggestions,
            following: row.following,
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
            select f.user_id as recipient from follows f
            where f.theme_id = $2 and $3 and atelier_may_read(f.theme_id, f.user_id)
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

/// Ends the follows of thème `theme_id` whose follower may no longer read it (after a member
/// leaves or is removed, a request is refused, or the thème becomes members-only); returns how
/// many ended.
pub async fn end_unreadable_follows(
    tx: &mut Transaction<'_, Postgres>,
    theme_id: Uuid,
) -> Result<u64, sqlx::Error> {
    // language=PostgreSQL
    let ended = sqlx::query!(
        "delete from follows where theme_id = $1 and not atelier_may_read(theme_id, user_id)",
        theme_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(ended.rows_affected())
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
