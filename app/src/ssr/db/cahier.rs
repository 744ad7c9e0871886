//! The cahier, its axes and thèmes.

use crate::{
    api::{AxeOverview, CahierOverview, ThemeDetail, ThemeSummary, groups::Viewer},
    domain::{ThemeNumber, ThemeStatus, Visibility},
    error::AppError,
    ssr::db::users::{SiteRole, User},
};
use sqlx::PgPool;

/// The (single) cahier with its axes and the thèmes `viewer` may read (public ones, and
/// members-only ones they belong to; all for moderators), in three queries whatever their number.
pub async fn overview(pool: &PgPool, viewer: Option<&User>) -> Result<CahierOverview, AppError> {
    let viewer_id = viewer.map(|user| user.id);
    let moderator =
        viewer.is_some_and(|user| matches!(user.role, SiteRole::Moderator | SiteRole::Admin));
    // language=PostgreSQL
    let cahier = sqlx::query!(
        r#"
        select id, title, publisher, description_html
        from cahiers
        order by created_at, id
        limit 1
        "#
    )
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)?;

    // language=PostgreSQL
    let axes = sqlx::query!(
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
    let themes = sqlx::query!(
        r#"
        select t.axe_id, t.number, t.title, t.summary, t.status, t.updated_at, t.visibility,
               (select count(*) from memberships m
                where m.theme_id = t.id and m.state = 'active') as "member_count!",
               (select max(created_at) from activity ac
                where ac.theme_id = t.id and ac.public) as latest_activity
        from themes t
        join axes a on a.id = t.axe_id
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

    let mut overview_axes = Vec::with_capacity(axes.len());
    for axe in axes {
        let mut summaries = Vec::new();
        for theme in themes.iter().filter(|t| t.axe_id == axe.id) {
            summaries.push(ThemeSummary {
                number: parse_number(theme.number)?,
                title: theme.title.clone(),
                summary: theme.summary.clone(),
                status: parse_status(&theme.status)?,
                updated_at: theme.updated_at,
                visibility: theme.visibility.parse().unwrap_or(Visibility::Members),
                member_count: theme.member_count,
                latest_activity: theme.latest_activity,
            });
        }
        overview_axes.push(AxeOverview {
            number: axe.number,
            title: axe.title,
            keywords: axe
                .keywords
                .split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(str::to_owned)
                .collect(),
            intro_html: axe.intro_html,
            published_on: axe.published_on,
            themes: summaries,
        });
    }

    Ok(CahierOverview {
        title: cahier.title,
        publisher: cahier.publisher,
        description_html: cahier.description_html,
        axes: overview_axes,
        can_open_themes: moderator,
    })
}

/// One thème by number, with its axe (the caller has checked that `viewer` may read it).
pub async fn theme(
    pool: &PgPool,
    number: ThemeNumber,
    viewer: Viewer,
) -> Result<Option<ThemeDetail>, AppError> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select t.number, t.title, t.summary, t.description_html, t.description_md, t.status,
               t.created_at, t.visibility, t.closing_note,
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
    .await?;

    row.map(|row| {
        Ok(ThemeDetail {
            number: parse_number(row.number)?,
            title: row.title,
            summary: row.summary,
            description_html: row.description_html,
            status: parse_status(&row.status)?,
            axe_number: row.axe_number,
            axe_title: row.axe_title,
            created_at: row.created_at,
            visibility: row.visibility.parse().unwrap_or(Visibility::Members),
            closing_note: row.closing_note,
            description_md: row.description_md,
            member_count: row.member_count,
            latest_activity: row.latest_activity,
            viewer,
        })
    })
    .transpose()
}

/// A stored number outside the domain's range means the database and the code disagree.
fn parse_number(number: i32) -> Result<ThemeNumber, AppError> {
    ThemeNumber::try_from(number).map_err(|_| {
        tracing::error!(number, "thème number out of range in the database");
        AppError::Internal
    })
}

fn parse_status(status: &str) -> Result<ThemeStatus, AppError> {
    status.parse().map_err(|_| {
        tracing::error!(status, "unknown thème status in the database");
        AppError::Internal
    })
}
