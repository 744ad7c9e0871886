//! The cahier, its axes and thèmes.

use crate::{
    domain::{Role, ThemeNumber, ThemeStatus, Visibility},
    ssr::db::users::User,
};
use sqlx::PgPool;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// The cahier itself.
#[derive(Debug, Clone)]
pub struct CahierRow {
    /// « Les Cahiers d'espérances ».
    pub title: String,
    /// Who publishes it.
    pub publisher: String,
    /// Sanitised HTML.
    pub description_html: String,
}

/// One axe of the cahier.
#[derive(Debug, Clone)]
pub struct AxeRow {
    /// Its id (the thèmes' `axe_id`).
    pub id: Uuid,
    /// Its number.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// Its keywords, comma-separated as published.
    pub keywords: String,
    /// Sanitised HTML of its introduction.
    pub intro_html: String,
    /// When it was published, if known.
    pub published_on: Option<Date>,
}

/// A thème as the cahier lists it.
#[derive(Debug, Clone)]
pub struct ThemeListRow {
    /// The axe it belongs to.
    pub axe_id: Uuid,
    /// Its number.
    pub number: ThemeNumber,
    /// Its title.
    pub title: String,
    /// Its summary.
    pub summary: String,
    /// Open, closed or archived.
    pub status: ThemeStatus,
    /// Its latest change.
    pub updated_at: OffsetDateTime,
    /// Who may read it.
    pub visibility: Visibility,
    /// Active members.
    pub member_count: i64,
    /// The latest public activity.
    pub latest_activity: Option<OffsetDateTime>,
    /// Drafts being written.
    pub drafts_writing: i64,
    /// Drafts under review.
    pub drafts_review: i64,
    /// Drafts withdrawn.
    pub drafts_withdrawn: i64,
    /// Adopted drafts, by number.
    pub adopted: sqlx::types::Json<Vec<NamedDraft>>,
    /// Discussions open to replies (neither locked nor hidden).
    pub open_threads: i64,
}

/// A draft named by number and title (the adopted ones on the cahier page).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct NamedDraft {
    /// Its number in the thème.
    pub number: i32,
    /// Its title.
    pub title: String,
}

/// The cahier, its axes and the thèmes a reader may list.
#[derive(Debug, Clone)]
pub struct Overview {
    /// The cahier.
    pub cahier: CahierRow,
    /// Its axes by number.
    pub axes: Vec<AxeRow>,
    /// The thèmes the reader may list, by number.
    pub themes: Vec<ThemeListRow>,
    /// The reader is a site moderator (sees every thème).
    pub moderator: bool,
}

/// One thème with its axe.
#[derive(Debug, Clone)]
pub struct ThemeRow {
    /// Its number.
    pub number: ThemeNumber,
    /// Its title.
    pub title: String,
    /// Its summary.
    pub summary: String,
    /// Sanitised HTML of its description.
    pub description_html: String,
    /// Its description's Markdown source.
    pub description_md: String,
    /// Open, closed or archived.
    pub status: ThemeStatus,
    /// When it was opened.
    pub created_at: OffsetDateTime,
    /// Who may read it.
    pub visibility: Visibility,
    /// Why it was closed or archived, if said.
    pub closing_note: Option<String>,
    /// Its axe's number.
    pub axe_number: i32,
    /// Its axe's title.
    pub axe_title: String,
    /// Active members.
    pub member_count: i64,
    /// The latest public activity.
    pub latest_activity: Option<OffsetDateTime>,
}

/// The (single) cahier with its axes and the thèmes `viewer` may read (public ones, and
/// members-only ones they belong to; all for moderators), in three queries whatever their number;
/// `None` when there is no cahier.
pub async fn overview(
    pool: &PgPool,
    viewer: Option<&User>,
) -> Result<Option<Overview>, sqlx::Error> {
    let viewer_id = viewer.map(|user| user.id);
    let moderator = viewer.is_some_and(|user| matches!(user.role, Role::Moderator | Role::Admin));
    // language=PostgreSQL
    let Some(cahier) = sqlx::query!(
        r#"
        select id, title, publisher, description_html
        from cahiers
        order by created_at, id
        limit 1
        "#
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };

    // language=PostgreSQL
    let axes = sqlx::query_as!(
        AxeRow,
        r#"
        select id, number, title, keywords, intro_html, published_on
        from axes
        where cahier_id = $1
        order by number
        "#,
        cahier.id
    )
    .fetch_all(pool)
    .await?;

    // language=PostgreSQL
    let themes = sqlx::query_as!(
        ThemeListRow,
        r#"
        select t.axe_id, t.number as "number: ThemeNumber", t.title, t.summary,
               t.status as "status: ThemeStatus", t.updated_at,
               t.visibility as "visibility: Visibility",
               (select count(*) from memberships m
                where m.theme_id = t.id and m.state = 'active') as "member_count!",
               (select max(created_at) from activity ac
                where ac.theme_id = t.id and ac.public) as latest_activity,
               d.writing as "drafts_writing!", d.review as "drafts_review!",
               d.withdrawn as "drafts_withdrawn!",
               d.adopted as "adopted!: sqlx::types::Json<Vec<NamedDraft>>",
               (select count(*) from threads h
                where h.theme_id = t.id and not h.hidden and not h.locked) as "open_threads!"
        from themes t
        join axes a on a.id = t.axe_id
        -- One pass over the thème's drafts for every count (an aggregate always has a row).
        cross join lateral (
            select count(*) filter (where dr.status = 'writing') as writing,
                   count(*) filter (where dr.status = 'review') as review,
                   count(*) filter (where dr.status = 'withdrawn') as withdrawn,
                   coalesce(json_agg(json_build_object('number', dr.number, 'title', dr.title)
                                     order by dr.number)
                              filter (where dr.status = 'adopted'), '[]') as adopted
            from drafts dr
            where dr.theme_id = t.id) d
        where a.cahier_id = $1
          and (t.visibility = 'public' or $3
               or exists(select 1 from memberships m where m.theme_id = t.id
                         and m.user_id = $2 and m.state = 'active'))
        order by t.number
        "#,
        cahier.id,
        viewer_id,
        moderator,
    )
    .fetch_all(pool)
    .await?;

    Ok(Some(Overview {
        cahier: CahierRow {
            title: cahier.title,
            publisher: cahier.publisher,
            description_html: cahier.description_html,
        },
        axes,
        themes,
        moderator,
    }))
}

/// One thème by number, with its axe (the caller has checked that its reader may read it).
pub async fn theme(pool: &PgPool, number: ThemeNumber) -> Result<Option<ThemeRow>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_as!(
        ThemeRow,
        r#"
        select t.number as "number: ThemeNumber", t.title, t.summary, t.description_html,
               t.description_md, t.status as "status: ThemeStatus", t.created_at,
               t.visibility as "visibility: Visibility", t.closing_note,
               a.number as axe_number, a.title as axe_title,
               (select count(*) from memberships m
                where m.theme_id = t.id and m.state = 'active') as "member_count!",
               (select max(created_at) from activity ac
                where ac.theme_id = t.id and ac.public) as latest_activity
        from themes t
        join axes a on a.id = t.axe_id
        where t.number = $1
        "#,
        number.get()
    )
    .fetch_optional(pool)
    .await
}

/// One of the latest drafts shown on a thème's page.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct LatestDraft {
    /// Its number in the thème.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// Its status, as stored.
    pub status: String,
    /// Its head revision (how many revisions it has).
    pub head: i32,
    /// How many people wrote revisions.
    pub contributors: i64,
    /// Who wrote the head revision.
    pub last_author: Option<String>,
    /// When it last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// One of the latest threads shown on a thème's page.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct LatestThread {
    /// Its number in the thème.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// Who opened it.
    pub author: Option<String>,
    /// Pinned first.
    pub pinned: bool,
    /// Closed to replies.
    pub locked: bool,
    /// Hidden by a moderator (shown only to those who moderate).
    pub hidden: bool,
    /// Its visible posts.
    pub post_count: i32,
    /// Who wrote the latest post.
    pub last_author: Option<String>,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub last_post_at: OffsetDateTime,
}

/// A thème's page: the thème, its `latest` most recently changed drafts and its `latest` first
/// threads (pinned, then by latest post; hidden ones only for a reader who `moderates`), read in
/// one statement whatever the number of drafts, threads or revisions.
pub async fn theme_page(
    pool: &PgPool,
    number: ThemeNumber,
    moderates: bool,
    latest: i64,
) -> Result<Option<(ThemeRow, Vec<LatestDraft>, Vec<LatestThread>)>, sqlx::Error> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select t.number as "number: ThemeNumber", t.title, t.summary, t.description_html,
               t.description_md, t.status as "status: ThemeStatus", t.created_at,
               t.visibility as "visibility: Visibility", t.closing_note,
               a.number as axe_number, a.title as axe_title,
               (select count(*) from memberships m
                where m.theme_id = t.id and m.state = 'active') as "member_count!",
               (select max(created_at) from activity ac
                where ac.theme_id = t.id and ac.public) as latest_activity,
               (select coalesce(json_agg(d order by d.updated_at desc, d.number desc), '[]')
                from (select d.number, d.title, d.status, d.head, d.updated_at,
                             (select count(*) from draft_contributors c
                              where c.draft_id = d.id and c.author_id is not null) as contributors,
                             (select u.display_name from draft_revisions r
                              join users u on u.id = r.author_id
                              where r.draft_id = d.id and r.number = d.head) as last_author
                      from drafts d where d.theme_id = t.id
                      order by d.updated_at desc, d.number desc limit $3) d)
                   as "drafts!: sqlx::types::Json<Vec<LatestDraft>>",
               (select coalesce(
                         json_agg(h order by h.pinned desc, h.last_post_at desc, h.number desc),
                         '[]')
                from (select h.number, h.title, au.display_name as author, h.pinned, h.locked,
                             h.hidden, h.post_count, h.last_post_at, l.display_name as last_author
                      from threads h
                      left join users au on au.id = h.author_id
                      left join posts p on p.id = h.last_post_id
                      left join users l on l.id = p.author_id
                      where h.theme_id = t.id and (not h.hidden or $2)
                      order by h.pinned desc, h.last_post_at desc, h.number desc limit $3) h)
                   as "threads!: sqlx::types::Json<Vec<LatestThread>>"
        from themes t
        join axes a on a.id = t.axe_id
        where t.number = $1
        "#,
        number.get(),
        moderates,
        latest,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| {
        (
            ThemeRow {
                number: row.number,
                title: row.title,
                summary: row.summary,
                description_html: row.description_html,
                description_md: row.description_md,
                status: row.status,
                created_at: row.created_at,
                visibility: row.visibility,
                closing_note: row.closing_note,
                axe_number: row.axe_number,
                axe_title: row.axe_title,
                member_count: row.member_count,
                latest_activity: row.latest_activity,
            },
            row.drafts.0,
            row.threads.0,
        )
    }))
}
