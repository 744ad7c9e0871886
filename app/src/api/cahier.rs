//! Reading the cahier, its axes and thèmes.

use crate::{
    domain::access::Viewer,
    domain::{ThemeNumber, ThemeStatus, Visibility},
    error::AppError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// The cahier with its axes and the thèmes a visitor may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CahierOverview {
    /// « Les Cahiers d'espérances ».
    pub title: String,
    /// Who publishes it (Le Labo de l'ESS).
    pub publisher: String,
    /// Sanitised HTML.
    pub description_html: String,
    /// Axes in order.
    pub axes: Vec<AxeOverview>,
    /// The caller may open new thèmes (a moderator).
    pub can_open_themes: bool,
}

/// One axe of the cahier and its visible thèmes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AxeOverview {
    /// The axe's number (4 for « Développer »).
    pub number: i32,
    /// Its title.
    pub title: String,
    /// Keywords as published.
    pub keywords: Vec<String>,
    /// Sanitised HTML of the introduction.
    pub intro_html: String,
    /// When the axe was published, if known.
    pub published_on: Option<Date>,
    /// Visible thèmes, by number.
    pub themes: Vec<ThemeSummary>,
}

/// A thème as listed on the cahier page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeSummary {
    /// The thème's number.
    pub number: ThemeNumber,
    /// Its full title.
    pub title: String,
    /// A short summary.
    pub summary: String,
    /// Open, closed or archived.
    pub status: ThemeStatus,
    /// The latest change to the thème.
    pub updated_at: OffsetDateTime,
    /// Who may read it.
    pub visibility: Visibility,
    /// Active members.
    pub member_count: i64,
    /// The latest public activity, if any.
    pub latest_activity: Option<OffsetDateTime>,
    /// Its drafts by status.
    pub drafts: DraftTally,
    /// Discussions open to replies.
    pub open_threads: i64,
}

/// A thème's drafts by status, the adopted ones named.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DraftTally {
    /// Being written.
    pub writing: i64,
    /// Under review.
    pub review: i64,
    /// Adopted: number and title, by number.
    pub adopted: Vec<(i32, String)>,
    /// Withdrawn.
    pub withdrawn: i64,
}

impl DraftTally {
    /// No draft at all.
    pub fn is_empty(&self) -> bool {
        self.writing == 0 && self.review == 0 && self.adopted.is_empty() && self.withdrawn == 0
    }
}

/// A thème's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeDetail {
    /// The thème's number.
    pub number: ThemeNumber,
    /// Its full title.
    pub title: String,
    /// A short summary.
    pub summary: String,
    /// Sanitised HTML of its description.
    pub description_html: String,
    /// Open, closed or archived.
    pub status: ThemeStatus,
    /// The axe it belongs to.
    pub axe_number: i32,
    /// The axe's title.
    pub axe_title: String,
    /// When the working group was opened.
    pub created_at: OffsetDateTime,
    /// Who may read it.
    pub visibility: Visibility,
    /// Why it was closed or archived, if said.
    pub closing_note: Option<String>,
    /// Its Markdown source (for the edit form; moderators only, empty otherwise).
    pub description_md: String,
    /// Active members.
    pub member_count: i64,
    /// The latest public activity, if any.
    pub latest_activity: Option<OffsetDateTime>,
    /// The caller's standing and rights.
    pub viewer: Viewer,
}

/// The cahier, its axes and the thèmes the caller may read.
#[server(endpoint = "cahier/get")]
pub async fn get_cahier() -> Result<CahierOverview, AppError> {
    let state = crate::ssr::state::AppState::from_context()?;
    let viewer = crate::ssr::auth::maybe_user().await?;
    let overview = crate::ssr::db::cahier::overview(&state.pool, viewer.as_ref())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(server::overview(overview))
}

/// One thème, or [`AppError::NotFound`] when there is none the caller may read with this number.
///
/// Takes the raw URL segment so that a malformed number and an unknown one are the same 404.
#[server(endpoint = "themes/get")]
pub async fn get_theme(number: String) -> Result<ThemeDetail, AppError> {
    let access = crate::api::policy::access(&number).await?;
    let viewer = crate::api::groups::server::viewer(&access).await?;
    let state = crate::ssr::state::AppState::from_context()?;
    let row = crate::ssr::db::cahier::theme(&state.pool, access.number)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(server::detail(row, viewer))
}

/// How many drafts and threads a thème's page shows (the rest are on their own pages).
pub const THEME_PAGE_LATEST: usize = 5;

/// A thème's page: the thème, its latest drafts and threads, and (for its followers and
/// members) what changed since their last visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemePageView {
    /// The thème.
    pub theme: ThemeDetail,
    /// Its most recently changed drafts, at most [`THEME_PAGE_LATEST`].
    pub drafts: Vec<crate::api::drafts::DraftSummary>,
    /// Its first threads (pinned, then by latest post), at most [`THEME_PAGE_LATEST`].
    pub threads: Vec<crate::api::discussions::ThreadSummary>,
    /// What changed since the caller's last visit.
    pub since: Option<crate::api::review::SinceView>,
}

/// A thème's whole page in one call (and, whatever the thème's size, a handful of statements):
/// [`AppError::NotFound`] as for [`get_theme`]. Records the caller's visit, as
/// [`crate::api::review::get_since`] does.
#[server(endpoint = "themes/page")]
pub async fn get_theme_page(number: String) -> Result<ThemePageView, AppError> {
    let access = crate::api::policy::access(&number).await?;
    let viewer = crate::api::groups::server::viewer(&access).await?;
    let state = crate::ssr::state::AppState::from_context()?;
    let latest = i64::try_from(THEME_PAGE_LATEST).unwrap_or(5);
    let (row, drafts, threads) = crate::ssr::db::cahier::theme_page(
        &state.pool,
        access.number,
        access.can_facilitate(),
        latest,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let since = crate::api::review::server::since(&number).await?;
    Ok(ThemePageView {
        theme: server::detail(row, viewer),
        drafts: server::latest_drafts(drafts)?,
        threads: threads.into_iter().map(server::latest_thread).collect(),
        since,
    })
}

/// The views, from the stored rows.
#[cfg(feature = "ssr")]
mod server {
    use super::{AxeOverview, CahierOverview, DraftTally, ThemeDetail, ThemeSummary, Viewer};
    use crate::api::{discussions::ThreadSummary, drafts::DraftSummary};
    use crate::error::AppError;
    use crate::ssr::db::cahier::{LatestDraft, LatestThread, Overview, ThemeRow};

    /// The latest drafts of a thème's page; a status the code does not know is an error (the
    /// database and the code disagree), logged.
    pub fn latest_drafts(rows: Vec<LatestDraft>) -> Result<Vec<DraftSummary>, AppError> {
        rows.into_iter()
            .map(|row| {
                let status = row.status.parse().map_err(|_| {
                    tracing::error!(status = %row.status, "unknown draft status in the database");
                    AppError::Internal
                })?;
                Ok(DraftSummary {
                    number: row.number,
                    title: row.title,
                    status,
                    revisions: row.head,
                    contributors: row.contributors,
                    last_author: row.last_author,
                    updated_at: row.updated_at,
                })
            })
            .collect()
    }

    /// One of the latest threads of a thème's page.
    pub fn latest_thread(row: LatestThread) -> ThreadSummary {
        ThreadSummary {
            number: row.number,
            title: row.title,
            author: row.author,
            pinned: row.pinned,
            locked: row.locked,
            hidden: row.hidden,
            posts: row.post_count,
            last_author: row.last_author,
            last_at: row.last_post_at,
        }
    }

    /// The cahier page's view: each axe with its thèmes.
    pub fn overview(overview: Overview) -> CahierOverview {
        let Overview {
            cahier,
            axes,
            themes,
            moderator,
        } = overview;
        let axes = axes
            .into_iter()
            .map(|axe| AxeOverview {
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
                themes: themes
                    .iter()
                    .filter(|theme| theme.axe_id == axe.id)
                    .map(|theme| ThemeSummary {
                        number: theme.number,
                        title: theme.title.clone(),
                        summary: theme.summary.clone(),
                        status: theme.status,
                        updated_at: theme.updated_at,
                        visibility: theme.visibility,
                        member_count: theme.member_count,
                        latest_activity: theme.latest_activity,
                        drafts: DraftTally {
                            writing: theme.drafts_writing,
                            review: theme.drafts_review,
                            adopted: theme
                                .adopted
                                .iter()
                                .map(|draft| (draft.number, draft.title.clone()))
                                .collect(),
                            withdrawn: theme.drafts_withdrawn,
                        },
                        open_threads: theme.open_threads,
                    })
                    .collect(),
            })
            .collect();
        CahierOverview {
            title: cahier.title,
            publisher: cahier.publisher,
            description_html: cahier.description_html,
            axes,
            can_open_themes: moderator,
        }
    }

    /// A thème page's view; the Markdown source only for moderators (the edit form).
    pub fn detail(row: ThemeRow, viewer: Viewer) -> ThemeDetail {
        ThemeDetail {
            number: row.number,
            title: row.title,
            summary: row.summary,
            description_html: row.description_html,
            status: row.status,
            axe_number: row.axe_number,
            axe_title: row.axe_title,
            created_at: row.created_at,
            visibility: row.visibility,
            closing_note: row.closing_note,
            description_md: if viewer.can_moderate {
                row.description_md
            } else {
                String::new()
            },
            member_count: row.member_count,
            latest_activity: row.latest_activity,
            viewer,
        }
    }
}
