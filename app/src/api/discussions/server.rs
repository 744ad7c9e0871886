//! The server side of discussions: input parsing, authorization, and the views.

use super::{
    ModerationEntry, ModerationView, POST_MAX, PostEditorView, PostView, ReportView, StaleEdit,
    ThreadSummary, ThreadView, ThreadsView, VersionInfo, VersionsView,
};
use crate::domain::notice::Done;
use crate::domain::urls;
use crate::domain::urls::post_path;
use crate::{
    api::{
        drafts::server::theme_ref,
        policy::{access, check_text, check_text_as, contributor, facilitator, may_contribute},
    },
    domain::Role,
    error::{AppError, FieldError, ValidationCode},
    ssr::{
        auth::{current_user, maybe_user, request_parts},
        db::{
            discussions::{
                self, NewPost, POSTS_PER_PAGE, PostError, PostRow, ReportTarget, THREADS_PER_PAGE,
                ThreadAction, ThreadRow,
            },
            groups::ThemeAccess,
        },
        forms::is_plain_form_post,
        markdown::render_with_mentions,
        state::AppState,
        text::{self, Merge},
    },
};
use uuid::Uuid;

mod moderation;
pub use moderation::*;

const TITLE_MAX: usize = 200;
const REASON_MAX: usize = 1_000;

impl From<PostError> for AppError {
    fn from(error: PostError) -> Self {
        match error {
            PostError::Closed => Self::ThemeClosed,
            PostError::Locked => Self::ThreadLocked,
            PostError::NotFound | PostError::ReplyElsewhere => Self::NotFound,
            PostError::NotAuthor => Self::Forbidden,
            PostError::Stale => Self::Conflict,
            PostError::Database(error) => error.into(),
        }
    }
}

/// Whether the caller sees hidden content and moderates the thème's discussions.
fn moderates(access: &ThemeAccess) -> bool {
    access.can_facilitate()
}

fn pages(total: i64, per_page: i64) -> i64 {
    ((total + per_page - 1) / per_page).max(1)
}

/// A page number from the query: a number (clamped), `last`, or the first page.
fn page_number(page: Option<&str>, pages: i64) -> i64 {
    match page.map(str::trim) {
        Some("last") => pages,
        Some(value) => value.parse::<i64>().unwrap_or(1).clamp(1, pages),
        None => 1,
    }
}

fn parse_thread(value: &str) -> Result<i32, AppError> {
    value.trim().parse().map_err(|_| AppError::NotFound)
}

fn parse_post(value: &str) -> Result<i64, AppError> {
    value.trim().parse().map_err(|_| AppError::NotFound)
}

async fn load_thread(
    state: &AppState,
    access: &ThemeAccess,
    thread: &str,
) -> Result<ThreadRow, AppError> {
    discussions::thread(
        &state.pool,
        access.theme_id,
        parse_thread(thread)?,
        moderates(access),
    )
    .await?
    .ok_or(AppError::NotFound)
}

/// Post `post` of the thread, when the caller may see it.
async fn load_post(
    state: &AppState,
    access: &ThemeAccess,
    thread: &ThreadRow,
    post: &str,
) -> Result<PostRow, AppError> {
    let (thread_id, _, row) = discussions::post(&state.pool, access.theme_id, parse_post(post)?)
        .await?
        .ok_or(AppError::NotFound)?;
    if thread_id != thread.id || (row.hidden && !moderates(access)) {
        return Err(AppError::NotFound);
    }
    Ok(row)
}

fn check_body(errors: &mut Vec<FieldError>, body: &str) {
    check_text_as(
        errors,
        "body",
        body,
        true,
        POST_MAX,
        ValidationCode::PostTooLong,
    );
}

fn check_reason(errors: &mut Vec<FieldError>, reason: &str, required: bool) {
    check_text(errors, "reason", reason, required, REASON_MAX);
}

fn done(errors: Vec<FieldError>) -> Result<(), AppError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// A post as stored: line ends normalised like every text ([`policy::normalise`]), and no
/// trailing blank lines or spaces (a post is a message, not a draft whose layout is its own).
///
/// [`policy::normalise`]: crate::api::policy::normalise
fn normalise(body: &str) -> String {
    crate::api::policy::normalise(body).trim_end().to_owned()
}

/// Texts longer than this travel back to a plain form by id, not in the address.
const LONG_TEXT: usize = 1_500;

/// The field that carries `body` back to its form after a plain form post: the text itself, or
/// (when long, and the author is signed in) `kept`, the id of a copy kept for them a day.
pub async fn keep_long(body: &str) -> (&'static str, String) {
    let plain = request_parts().is_ok_and(|parts| is_plain_form_post(&parts));
    if plain
        && body.len() > LONG_TEXT
        && let Ok(state) = AppState::from_context()
        && let Ok(Some(user)) = maybe_user().await
        && let Ok(id) = discussions::keep_text(&state.pool, user.id, body).await
    {
        return ("kept", id.to_string());
    }
    ("body", body.to_owned())
}

pub async fn kept(id: &str) -> Result<String, AppError> {
    let user = current_user().await?;
    let state = AppState::from_context()?;
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    discussions::kept_text(&state.pool, id, user.id)
        .await?
        .ok_or(AppError::NotFound)
}

fn post_view(row: PostRow, access: &ThemeAccess, locked: bool) -> PostView {
    let can_edit = !row.hidden
        && !locked
        && access.is_open()
        && row.author_id.is_some()
        && row.author_id == access.viewer_id();
    PostView {
        id: row.id,
        author_id: row.author_id,
        author: row.author,
        reply_to: row.reply_to,
        reply_to_author: row.reply_to_author,
        html: row.html,
        version: row.version,
        edited_at: row.edited_at,
        hidden: row.hidden,
        hidden_reason: row.hidden_reason,
        at: row.created_at,
        can_edit,
    }
}

pub async fn threads(number: &str, page: Option<&str>) -> Result<ThreadsView, AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let requested = page_number(page, i64::MAX);
    let (rows, total, page) =
        discussions::threads(&state.pool, access.theme_id, moderates(&access), requested).await?;
    Ok(ThreadsView {
        theme: theme_ref(&access),
        threads: rows
            .into_iter()
            .map(|row| ThreadSummary {
                number: row.number,
                title: row.title,
                author: row.author,
                pinned: row.pinned,
                locked: row.locked,
                hidden: row.hidden,
                posts: row.post_count,
                last_author: row.last_author,
                last_at: row.last_post_at,
            })
            .collect(),
        page,
        pages: pages(total, THREADS_PER_PAGE),
        can_post: may_contribute(&access),
        signed_in: access.viewer.is_some(),
    })
}

pub async fn thread(
    number: &str,
    thread: &str,
    page: Option<&str>,
    post: Option<&str>,
    quote: Option<&str>,
) -> Result<ThreadView, AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let row = load_thread(&state, &access, thread).await?;
    let moderator = moderates(&access);
    let total = discussions::visible_posts(&state.pool, row.id, moderator).await?;
    let pages = pages(total, POSTS_PER_PAGE);
    let mut page = page_number(page, pages);
    if let Some(post) = post.and_then(|post| post.trim().parse::<i64>().ok()) {
        let position = discussions::position(&state.pool, row.id, post, moderator).await?;
        page = ((position - 1).max(0) / POSTS_PER_PAGE + 1).min(pages);
    }
    let posts = discussions::posts(
        &state.pool,
        row.id,
        moderator,
        None,
        (page - 1) * POSTS_PER_PAGE,
        POSTS_PER_PAGE,
    )
    .await?;
    // The newest visible post of the whole thread: live updates start after it.
    let last_id = discussions::posts(&state.pool, row.id, moderator, None, (total - 1).max(0), 1)
        .await?
        .first()
        .map_or(0, |post| post.id);
    let can_reply = !row.locked && may_contribute(&access);
    let quote = match quote.filter(|_| can_reply) {
        Some(post) => match load_post(&state, &access, &row, post).await {
            Ok(post) => Some((post.id, quote_text(&row, &access, &post))),
            Err(_) => None,
        },
        None => None,
    };
    Ok(ThreadView {
        theme: theme_ref(&access),
        number: row.number,
        title: row.title,
        author: row.author,
        pinned: row.pinned,
        locked: row.locked,
        hidden: row.hidden,
        hidden_reason: row.hidden_reason,
        posts: posts
            .into_iter()
            .map(|post| post_view(post, &access, row.locked))
            .collect(),
        page,
        pages,
        last_id,
        signed_in: access.viewer.is_some(),
        can_reply,
        can_moderate: moderator,
        quote,
    })
}

/// The Markdown that quotes `post`: "**[Name](link)** :" then the text, each line behind `> `.
fn quote_text(thread: &ThreadRow, access: &ThemeAccess, post: &PostRow) -> String {
    let name = post.author.clone().unwrap_or_default();
    let link = post_path(access.number.get(), thread.number, post.id);
    let mut out = format!("> **[{name}]({link})** :\n>\n");
    for line in post.source.lines() {
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str("> ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push('\n');
    out
}

pub async fn posts_after(
    number: &str,
    thread: &str,
    after: i64,
) -> Result<Vec<PostView>, AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let row = load_thread(&state, &access, thread).await?;
    let posts =
        discussions::posts(&state.pool, row.id, moderates(&access), Some(after), 0, 100).await?;
    Ok(posts
        .into_iter()
        .map(|post| post_view(post, &access, row.locked))
        .collect())
}

async fn render(
    state: &AppState,
    access: &ThemeAccess,
    body: &str,
) -> Result<(String, Vec<Uuid>), AppError> {
    let people = discussions::member_names(&state.pool, access.theme_id).await?;
    let body = body.to_owned();
    state
        .cpu
        .run(move || render_with_mentions(&body, &people))
        .await
}

pub async fn open(number: &str, title: &str, body: &str) -> Result<i32, AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let author = contributor(&access)?;
    let title = title.trim();
    let body = normalise(body);
    let mut errors = Vec::new();
    check_text(&mut errors, "title", title, true, TITLE_MAX);
    check_body(&mut errors, &body);
    done(errors)?;
    crate::api::policy::quota(crate::ssr::quota::Action::Post, author)?;
    let (html, mentions) = render(&state, &access, &body).await?;
    let (thread, _) = discussions::open_thread(
        &state.pool,
        access.theme_id,
        title,
        NewPost {
            author,
            source: &body,
            html: &html,
            mentions: &mentions,
        },
    )
    .await?;
    Ok(thread)
}

/// Posts a reply; returns where it can be seen.
pub async fn reply(
    number: &str,
    thread: &str,
    body: &str,
    reply_to: &str,
) -> Result<String, AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let author = contributor(&access)?;
    let row = load_thread(&state, &access, thread).await?;
    let body = normalise(body);
    let mut errors = Vec::new();
    check_body(&mut errors, &body);
    done(errors)?;
    crate::api::policy::quota(crate::ssr::quota::Action::Post, author)?;
    let reply_to = match reply_to.trim() {
        "" => None,
        value => Some(parse_post(value)?),
    };
    let (html, mentions) = render(&state, &access, &body).await?;
    let post = discussions::reply(
        &state.pool,
        access.theme_id,
        row.id,
        reply_to,
        NewPost {
            author,
            source: &body,
            html: &html,
            mentions: &mentions,
        },
    )
    .await?;
    Ok(post_path(access.number.get(), row.number, post))
}

pub async fn preview(number: &str, body: &str) -> Result<String, AppError> {
    let user = current_user().await?;
    let state = AppState::from_context()?;
    let access = access(number).await?;
    if body.chars().count() > POST_MAX {
        return Err(AppError::invalid("body", ValidationCode::PostTooLong));
    }
    crate::api::policy::quota(crate::ssr::quota::Action::Preview, user.id)?;
    Ok(render(&state, &access, body).await?.0)
}

pub async fn post_editor(
    number: &str,
    thread: &str,
    post: &str,
    from: Option<&str>,
) -> Result<PostEditorView, AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    // The author, while they still belong to the group.
    let viewer = crate::api::policy::contributor(&access)?;
    let row = load_thread(&state, &access, thread).await?;
    let post = load_post(&state, &access, &row, post).await?;
    if post.author_id != Some(viewer) {
        return Err(AppError::Forbidden);
    }
    if !access.is_open() {
        return Err(AppError::ThemeClosed);
    }
    if row.locked {
        return Err(AppError::ThreadLocked);
    }
    // A typed text given back after a conflict: the version it was made on, beside the current.
    let stale = match from.and_then(|v| v.trim().parse::<i32>().ok()) {
        Some(made_on) if made_on < post.version => discussions::versions(&state.pool, post.id)
            .await?
            .into_iter()
            .find(|v| v.version == made_on)
            .map(|v| StaleEdit {
                made_on,
                base_source: v.source,
            }),
        _ => None,
    };
    Ok(PostEditorView {
        theme: theme_ref(&access),
        thread: row.number,
        thread_title: row.title,
        post: post.id,
        version: post.version,
        source: post.source,
        stale,
    })
}

/// What an edit of a post led to.
pub enum Edited {
    /// Saved (perhaps merged with a version saved meanwhile): the post's address.
    Saved(String),
    /// Made on a version that another save changed in the same words: nothing written; the
    /// typed text is kept, and the address of the editor that shows both versions.
    Conflict(String),
}

pub async fn edit(
    number: &str,
    thread: &str,
    post: &str,
    version: &str,
    body: &str,
) -> Result<Edited, AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let author = crate::api::policy::contributor(&access)?;
    let row = load_thread(&state, &access, thread).await?;
    let post = load_post(&state, &access, &row, post).await?;
    let base: i32 = version.trim().parse().map_err(|_| AppError::Conflict)?;
    let body = normalise(body);
    let mut errors = Vec::new();
    check_body(&mut errors, &body);
    done(errors)?;
    crate::api::policy::quota(crate::ssr::quota::Action::Post, author)?;
    // Made on an older version (another tab, another device): merged with what was saved since,
    // as a draft is; where both changed the same words nothing is written and the editor shows
    // the current version beside the typed text.
    let (base, body) = if base == post.version || post.author_id != Some(author) {
        (base, body)
    } else {
        let versions = discussions::versions(&state.pool, post.id).await?;
        let made_on = versions
            .iter()
            .find(|v| v.version == base)
            .ok_or(AppError::Conflict)?;
        let (made_on, current, mine) = (made_on.source.clone(), post.source.clone(), body.clone());
        let merge = state
            .cpu
            .run(move || text::merge(&made_on, &current, &mine))
            .await?;
        match merge {
            Merge::Clean(merged) => (post.version, merged),
            Merge::Conflicts { .. } => {
                let kept = discussions::keep_text(&state.pool, author, &body).await?;
                return Ok(Edited::Conflict(format!(
                    "{}?from={base}&kept={kept}",
                    urls::edit_post(access.number, row.number, post.id)
                )));
            }
        }
    };
    let (html, mentions) = render(&state, &access, &body).await?;
    discussions::edit(
        &state.pool,
        access.theme_id,
        post.id,
        base,
        NewPost {
            author,
            source: &body,
            html: &html,
            mentions: &mentions,
        },
    )
    .await?;
    Ok(Edited::Saved(post_path(
        access.number.get(),
        row.number,
        post.id,
    )))
}

pub async fn versions(
    number: &str,
    thread: &str,
    post: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<VersionsView, AppError> {
    let state = AppState::from_context()?;
    let access = access(number).await?;
    let row = load_thread(&state, &access, thread).await?;
    let post = load_post(&state, &access, &row, post).await?;
    let versions = discussions::versions(&state.pool, post.id).await?;
    let find = |value: Option<&str>, default: i32| -> Result<i32, AppError> {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(default),
            Some(value) => {
                let number: i32 = value.parse().map_err(|_| AppError::NotFound)?;
                if versions.iter().any(|v| v.version == number) {
                    Ok(number)
                } else {
                    Err(AppError::NotFound)
                }
            }
        }
    };
    let to = find(to, post.version)?;
    let from = find(from, (to - 1).max(1))?;
    let text_of = |number: i32| {
        versions
            .iter()
            .find(|v| v.version == number)
            .map(|v| v.source.clone())
            .unwrap_or_default()
    };
    let blocks = text::blocks(&text_of(from), &text_of(to));
    let html = versions
        .iter()
        .find(|v| v.version == to)
        .map(|v| v.html.clone())
        .unwrap_or_default();
    Ok(VersionsView {
        theme: theme_ref(&access),
        thread: row.number,
        thread_title: row.title,
        post: post.id,
        versions: versions
            .into_iter()
            .map(|v| VersionInfo {
                version: v.version,
                author: v.author,
                at: v.created_at,
            })
            .collect(),
        from,
        to,
        blocks,
        html,
    })
}
