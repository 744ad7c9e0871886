//! The cahier, its axes and thèmes.

use crate::{
    api::{AxeOverview, CahierOverview, ThemeDetail, ThemeSummary},
    domain::{ThemeNumber, ThemeStatus},
    error::AppError,
};
use sqlx::PgPool;

/// The (single) cahier with its axes and public thèmes, in three queries whatever their number.
pub async fn overview(pool: &PgPool) -> Result<CahierOverview, AppError> {
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
        select t.axe_id, t.number, t.title, t.summary, t.status, t.updated_at
        from themes t
        join axes a on a.id = t.axe_id
        where a.cahier_id = $1 and t.visibility = 'public'
        order by t.number
        "#,
        cahier.id
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
    })
}

/// One public thème by number, with its axe.
pub async fn theme(pool: &PgPool, number: ThemeNumber) -> Result<Option<ThemeDetail>, AppError> {
    // language=PostgreSQL
    let row = sqlx::query!(
        r#"
        select t.number, t.title, t.summary, t.description_html, t.status, t.created_at,
               a.number as axe_number, a.title as axe_title
        from themes t
        join axes a on a.id = t.axe_id
        where t.number = $1 and t.visibility = 'public'
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
