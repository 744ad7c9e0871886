//! Searching the cahier, and a phrase through a draft's history.

use crate::{
    domain::{
        ThemeNumber,
        search::{HitKind, QueryProblem, SearchOrder},
    },
    error::AppError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// What the search form sent, as typed (every field is kept to fill the form again; a field
/// left out is empty).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchForm {
    /// The query.
    pub q: String,
    /// A thème's number, or empty for all.
    pub theme: String,
    /// A kind (`draft`, `post`…), or empty for all.
    pub kind: String,
    /// A person's id, or empty for anyone.
    pub author: String,
    /// `YYYY-MM-DD`, or empty.
    pub from: String,
    /// `YYYY-MM-DD`, or empty.
    pub to: String,
    /// `relevance` (the default) or `date`.
    pub sort: String,
    /// The page, from 1.
    pub page: String,
}

/// A search's results page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchView {
    /// The form as sent.
    pub form: SearchForm,
    /// Why nothing was searched, if so.
    pub problem: Option<SearchProblem>,
    /// Results of each kind, in [`HitKind::ALL`]'s order (every kind, whatever is shown), as
    /// far as they were counted (see `more`).
    pub counts: Vec<(HitKind, i64)>,
    /// The kinds with more results than their count: counting stopped there.
    pub more: Vec<HitKind>,
    /// The kind shown, if one was chosen.
    pub kind: Option<HitKind>,
    /// The order.
    pub order: SearchOrder,
    /// This page's results.
    pub hits: Vec<SearchHit>,
    /// This page, from 1.
    pub page: i64,
    /// How many pages.
    pub pages: i64,
    /// The thèmes the reader may read (for the thème filter).
    pub themes: Vec<(ThemeNumber, String)>,
    /// The person the results are limited to, if any: their id and name.
    pub author: Option<(Uuid, String)>,
}

impl SearchView {
    /// How many results the page's kind has (or all kinds, when none is chosen), and whether
    /// there are more than that.
    pub fn shown(&self) -> (i64, bool) {
        let shown = |kind: &HitKind| self.kind.is_none_or(|shown| shown == *kind);
        let total = self
            .counts
            .iter()
            .filter(|(kind, _)| shown(kind))
            .map(|(_, n)| n)
            .sum();
        (total, self.more.iter().any(shown))
    }
}

/// Why a search was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SearchProblem {
    /// The query itself (see [`QueryProblem`]).
    Query(QueryProblem),
    /// Only words too common to search on (« le », « de », « the »…).
    OnlyCommonWords,
    /// A date of the range is not a date.
    DateInvalid,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// What it is.
    pub kind: HitKind,
    /// Where it leads.
    pub href: String,
    /// Its title (or the person's name).
    pub title: String,
    /// Its thème's number and title (none for a person).
    pub theme: Option<(ThemeNumber, String)>,
    /// Who wrote it.
    pub author: Option<(Uuid, String)>,
    /// When.
    pub at: OffsetDateTime,
    /// The matching passage: pieces of text, `true` for the words matched (shown as text).
    pub excerpt: Vec<(String, bool)>,
}

/// Searches what the caller may read. A query that cannot be searched answers its
/// [`SearchProblem`], never an error: the page shows the form again with what was typed.
#[server(endpoint = "search")]
pub async fn search(form: SearchForm) -> Result<SearchView, AppError> {
    server::search(form).await
}

/// Where a phrase stands in a draft's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhraseHistoryView {
    /// The phrase looked for (spaces made single).
    pub phrase: String,
    /// Why it was not looked for, if so.
    pub problem: Option<QueryProblem>,
    /// Each time it appeared or was removed, oldest first.
    pub changes: Vec<PhraseChange>,
}

/// A revision where the phrase appeared (`present`) or from which it was gone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhraseChange {
    /// The revision.
    pub revision: i32,
    /// The phrase appeared in it (or was removed by it).
    pub present: bool,
    /// Who wrote it.
    pub author: Option<(Uuid, String)>,
    /// When.
    pub at: OffsetDateTime,
}

/// When `phrase` appeared in draft `draft` of thème `number` and when it was removed: every
/// change, ignoring case and accents. [`AppError::NotFound`] as for the draft's page.
#[server(endpoint = "drafts/phrase-history")]
pub async fn phrase_history(
    number: String,
    draft: String,
    phrase: String,
) -> Result<PhraseHistoryView, AppError> {
    server::phrase_history(number, draft, phrase).await
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::domain::search::{self, COUNTED_PER_KIND, MAX_PAGE, PAGE_SIZE, SearchQuery};
    use crate::i18n::Locale;
    use crate::ssr::{auth, db, state::AppState};
    use time::Date;

    fn date(value: &str) -> Result<Option<Date>, SearchProblem> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(None);
        }
        let iso = time::macros::format_description!("[year]-[month]-[day]");
        let french = time::macros::format_description!("[day]/[month]/[year]");
        Date::parse(value, &iso)
            .or_else(|_| Date::parse(value, &french))
            .map(Some)
            .map_err(|_| SearchProblem::DateInvalid)
    }

    fn empty(form: SearchForm, problem: Option<SearchProblem>) -> SearchView {
        SearchView {
            form,
            problem,
            counts: HitKind::ALL.iter().map(|&kind| (kind, 0)).collect(),
            more: Vec::new(),
            kind: None,
            order: SearchOrder::default(),
            hits: Vec::new(),
            page: 1,
            pages: 0,
            themes: Vec::new(),
            author: None,
        }
    }

    pub async fn search(form: SearchForm) -> Result<SearchView, AppError> {
        let state = AppState::from_context()?;
        let viewer = auth::maybe_user().await?;
        let parts = auth::request_parts()?;
        let locale = crate::api::locale::cookie_locale(&parts.headers).unwrap_or(Locale::fr);
        let kind = form.kind.trim().parse::<HitKind>().ok();
        let order = form.sort.trim().parse::<SearchOrder>().unwrap_or_default();
        let theme = form.theme.trim().parse::<ThemeNumber>().ok();
        let author = Uuid::parse_str(form.author.trim()).ok();
        // By relevance, the newest results counted of each kind are ranked: their pages only.
        let last_page = match order {
            SearchOrder::Relevance => (COUNTED_PER_KIND + PAGE_SIZE - 1) / PAGE_SIZE,
            SearchOrder::Date => MAX_PAGE,
        };
        let page = form
            .page
            .trim()
            .parse::<i64>()
            .map_or(1, |page| page.clamp(1, last_page));
        let viewer_id = viewer.as_ref().map(|viewer| viewer.id);
        // Nothing searched: the form again, its thème filter filled.
        let unsearched = async |form: SearchForm, problem: Option<SearchProblem>| {
            let mut view = empty(form, problem);
            view.themes = db::search::readable_themes(&state.pool, viewer_id).await?;
            Ok::<_, AppError>(view)
        };
        if form.q.trim().is_empty() {
            return unsearched(form, None).await;
        }
        let query = match SearchQuery::parse(&form.q) {
            Ok(query) => query,
            Err(problem) => return unsearched(form, Some(SearchProblem::Query(problem))).await,
        };
        let (since, until) = match (date(&form.from), date(&form.to)) {
            (Ok(since), Ok(until)) => (since, until.and_then(Date::next_day)),
            _ => return unsearched(form, Some(SearchProblem::DateInvalid)).await,
        };
        let midnight = |date: Date| date.midnight().assume_utc();
        let tsquery = query.to_tsquery();
        let names = query.to_names_tsquery();
        let params = db::search::SearchParams {
            config: match locale {
                Locale::en => "atelier_en",
                Locale::fr => "atelier_fr",
            },
            query: &tsquery,
            names_query: &names,
            viewer: viewer_id,
            theme: theme.map(i32::from),
            author,
            since: since.map(midnight),
            until: until.map(midnight),
            kind,
            by_date: order == SearchOrder::Date,
            offset: (page - 1) * PAGE_SIZE,
            limit: PAGE_SIZE,
            counted: COUNTED_PER_KIND,
        };
        let rows = db::search::search(&state.pool, &params).await?;
        if !rows.searchable {
            let mut view = empty(form, Some(SearchProblem::OnlyCommonWords));
            view.themes = rows.themes;
            return Ok(view);
        }
        let counted = |of: HitKind| params.counted_of(of);
        let count = |of: HitKind| rows.counts.get(&of).copied().unwrap_or(0);
        let author = match author {
            Some(id) => db::users::find(&state.pool, id)
                .await?
                .map(|person| (id, person.display_name)),
            None => None,
        };
        let mut view = SearchView {
            counts: HitKind::ALL
                .iter()
                .map(|&kind| (kind, count(kind).min(counted(kind))))
                .collect(),
            more: HitKind::ALL
                .iter()
                .copied()
                .filter(|&kind| count(kind) > counted(kind))
                .collect(),
            kind,
            order,
            hits: rows.hits.into_iter().filter_map(hit).collect(),
            page,
            pages: 0,
            themes: rows.themes,
            author,
            form,
            problem: None,
        };
        let (shown, more) = view.shown();
        view.pages = ((shown + PAGE_SIZE - 1) / PAGE_SIZE).min(last_page);
        if more && view.pages == page && page < last_page {
            // Counted as far as this page: there is at least one more.
            view.pages = page + 1;
        }
        Ok(view)
    }

    fn hit(row: db::search::HitRow) -> Option<SearchHit> {
        use crate::domain::urls;
        let theme = match (row.theme_number, row.theme_title) {
            (Some(number), Some(title)) => Some((ThemeNumber::try_from(number).ok()?, title)),
            _ => None,
        };
        let number = theme.as_ref().map(|(number, _)| *number);
        let href = match (row.kind, number, row.number, row.item) {
            (HitKind::Theme, Some(theme), _, _) => urls::theme(theme),
            (HitKind::Draft, Some(theme), Some(draft), _) => urls::draft(theme, draft),
            (HitKind::Thread, Some(theme), Some(thread), _) => urls::thread(theme, thread),
            (HitKind::Post, Some(theme), Some(thread), Some(post)) => {
                urls::post_path(theme, thread, post)
            }
            (HitKind::Comment, Some(theme), Some(draft), Some(id)) => {
                format!("{}#comment-{id}", urls::draft(theme, draft))
            }
            (HitKind::Suggestion, Some(theme), Some(draft), Some(id)) => {
                format!("{}#suggestion-{id}", urls::draft(theme, draft))
            }
            (HitKind::Person, _, _, _) => urls::member(row.author_id?),
            _ => return None,
        };
        Some(SearchHit {
            kind: row.kind,
            href,
            title: row.title,
            theme,
            author: row.author_id.zip(row.author),
            at: row.at,
            excerpt: search::excerpt_pieces(row.excerpt.as_deref().unwrap_or_default()),
        })
    }

    pub async fn phrase_history(
        number: String,
        draft: String,
        phrase: String,
    ) -> Result<PhraseHistoryView, AppError> {
        let (state, _access, draft) = crate::api::policy::load(&number, &draft).await?;
        let phrase = match search::phrase(&phrase) {
            Ok(phrase) => phrase,
            Err(problem) => {
                return Ok(PhraseHistoryView {
                    phrase,
                    problem: Some(problem),
                    changes: Vec::new(),
                });
            }
        };
        let changes = db::search::phrase_history(&state.pool, draft.id, &phrase).await?;
        Ok(PhraseHistoryView {
            phrase,
            problem: None,
            changes: changes
                .into_iter()
                .map(|change| PhraseChange {
                    revision: change.revision,
                    present: change.present,
                    author: change.author_id.zip(change.author),
                    at: change.at,
                })
                .collect(),
        })
    }
}
