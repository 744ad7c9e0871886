//! Full-text search over what a reader may read, and a phrase through a draft's history.

use crate::domain::{
    ThemeNumber,
    search::{HitKind, MARK_CLOSE, MARK_OPEN},
};
use serde::Deserialize;
use sqlx::{PgPool, Row, types::Json};
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

/// What to look for, and where.
#[derive(Debug, Clone)]
pub struct SearchParams<'a> {
    /// `atelier_fr` or `atelier_en`: how the query's words are stemmed.
    pub config: &'a str,
    /// The query in `to_tsquery` syntax (from [`crate::domain::search::SearchQuery`]).
    pub query: &'a str,
    /// The same, for people's names.
    pub names_query: &'a str,
    /// Who reads (their thèmes' visibility applies).
    pub viewer: Option<Uuid>,
    /// Only this thème.
    pub theme: Option<i32>,
    /// Only what this person wrote (or this person, among people).
    pub author: Option<Uuid>,
    /// Only from this moment on.
    pub since: Option<OffsetDateTime>,
    /// Only before this moment.
    pub until: Option<OffsetDateTime>,
    /// Only this kind (the counts still cover every kind).
    pub kind: Option<HitKind>,
    /// Newest first rather than best first.
    pub by_date: bool,
    /// Results skipped (earlier pages).
    pub offset: i64,
    /// Results returned.
    pub limit: i64,
    /// Matches counted of each kind not shown, and at least as many of the kind shown (or of
    /// every kind, when none is chosen) as this page needs: newest first, so that a common word
    /// costs no more than a rare one. Relevance orders those.
    pub counted: i64,
}

impl SearchParams<'_> {
    /// How far matches of `kind` are counted: [`Self::counted`], or as far as this page needs
    /// for the kind shown (every kind, when none is chosen). One more is read to tell there are
    /// more.
    pub fn counted_of(&self, kind: HitKind) -> i64 {
        if self.kind.is_none_or(|shown| shown == kind) {
            self.counted_shown()
        } else {
            self.counted
        }
    }

    /// How far matches of the kind shown are counted.
    fn counted_shown(&self) -> i64 {
        self.counted.max(self.offset + self.limit)
    }
}

/// One result.
#[derive(Debug, Clone, Deserialize)]
pub struct HitRow {
    /// What it is.
    pub kind: HitKind,
    /// Its thème (none for a person).
    pub theme_number: Option<i32>,
    /// The thème's title.
    pub theme_title: Option<String>,
    /// The draft's or thread's number, for what belongs to one.
    pub number: Option<i32>,
    /// The post's, comment's or suggestion's id.
    pub item: Option<i64>,
    /// The title shown: the thème's, draft's, thread's, or the person's name.
    pub title: String,
    /// Who wrote it (the person themself, for a person).
    pub author_id: Option<Uuid>,
    /// Their name.
    pub author: Option<String>,
    /// When it was written or last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The matching passage, the words matched between [`MARK_OPEN`] and [`MARK_CLOSE`] (none
    /// when there is no text to show, as for a thread whose every post is hidden).
    pub excerpt: Option<String>,
}

/// A page of results and how many there are of each kind.
#[derive(Debug, Clone)]
pub struct SearchRows {
    /// False when the query held only words too common to be searched.
    pub searchable: bool,
    /// The thèmes the viewer may read, by number.
    pub themes: Vec<(ThemeNumber, String)>,
    /// Matches of each kind (every kind, whatever the page shows), counted up to one more than
    /// [`SearchParams::counted`] (or than the page needs, for the kind shown): one more means
    /// "more than that".
    pub counts: HashMap<HitKind, i64>,
    /// The page.
    pub hits: Vec<HitRow>,
}

/// `ts_headline`'s options: the words matched between [`MARK_OPEN`] and [`MARK_CLOSE`], two
/// passages of 12 to 30 words.
fn headline() -> String {
    format!(
        "StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=30, MinWords=12, MaxFragments=2, \
         FragmentDelimiter=\" … \""
    )
}

/// The same for a short text: all of it (in passages, `ts_headline` leaves out a short text's
/// first and last words: « tournesol numéro » of « Un tournesol numéro 42 »).
fn headline_short() -> String {
    format!("StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=45, MinWords=12")
}

/// [`SEARCH`]'s arguments, in order.
fn bind<'q>(
    query: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>,
    params: &SearchParams<'q>,
    headline: &'q str,
) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
    query
        .bind(params.config)
        .bind(params.query)
        .bind(params.names_query)
        .bind(params.viewer)
        .bind(params.theme)
        .bind(params.author)
        .bind(params.since)
        .bind(params.until)
        .bind(params.kind.map(HitKind::as_str))
        .bind(params.by_date)
        .bind(params.offset)
        .bind(params.limit)
        .bind(headline)
        .bind(params.counted + 1)
        .bind(params.counted_shown() + 1)
        .bind(headline_short())
}

/// The search statement (see [`search`]).
// language=PostgreSQL
const SEARCH: &str = r#"
        with q as (
            select atelier_tsquery($1, $2) as query,
                   atelier_tsquery('atelier_names', $3) as names,
                   atelier_lexemes(atelier_tsquery($1, $2)) as lexemes
        ),
        readable_all as (
            select t.id, t.number, t.title from themes t
            where t.id in (select r from atelier_readable_themes($4::uuid) r)
        ),
        -- Not materialized: each kind's statement tests its rows' thème by the themes index
        -- (scanning a materialized list for each row cost 3 ms a kind).
        readable as not materialized (
            select t.id from themes t
            where t.id in (select r from atelier_readable_themes($4::uuid) r)
              and ($5::int is null or t.number = $5)
        ),
        theme_hits as (
            select t.id, t.title, t.updated_at as at, t.search
            from themes t
            where t.search @@ atelier_tsquery($1, $2)
              and t.id in (select id from readable) and $6::uuid is null
              and ($7::timestamptz is null or t.updated_at >= $7)
              and ($8::timestamptz is null or t.updated_at < $8)
            order by t.updated_at desc
            limit case when $9::text is null or $9 = 'theme' then $15::int else $14::int end
        ),
        draft_hits as (
            select d.id, d.theme_id, d.number, d.title, h.author_id, d.updated_at as at, d.search
            from drafts d join draft_revisions h on h.draft_id = d.id and h.number = d.head
            where d.search @@ atelier_tsquery($1, $2)
              and d.theme_id in (select id from readable)
              and ($6::uuid is null or h.author_id = $6)
              and ($7::timestamptz is null or d.updated_at >= $7)
              and ($8::timestamptz is null or d.updated_at < $8)
            order by d.updated_at desc
            limit case when $9::text is null or $9 = 'draft' then $15::int else $14::int end
        ),
        thread_hits as (
            select th.theme_id, th.number, th.title, th.author_id, th.created_at as at, th.search
            from threads th
            where th.search @@ atelier_tsquery($1, $2) and not th.hidden
              and th.theme_id in (select id from readable)
              and ($6::uuid is null or th.author_id = $6)
              and ($7::timestamptz is null or th.created_at >= $7)
              and ($8::timestamptz is null or th.created_at < $8)
            order by th.created_at desc
            limit case when $9::text is null or $9 = 'thread' then $15::int else $14::int end
        ),
        post_hits as (
            select th.theme_id, th.number, p.id, th.title, p.author_id, p.created_at as at, p.search
            from posts p join threads th on th.id = p.thread_id
            where p.search @@ atelier_tsquery($1, $2)
              and not p.hidden and not th.hidden
              and th.theme_id in (select id from readable)
              and ($6::uuid is null or p.author_id = $6)
              and ($7::timestamptz is null or p.created_at >= $7)
              and ($8::timestamptz is null or p.created_at < $8)
            order by p.created_at desc
            limit case when $9::text is null or $9 = 'post' then $15::int else $14::int end
        ),
        comment_hits as (
            select d.theme_id, d.id as draft_id, d.number, c.id, d.title, c.author_id,
                   c.created_at as at, c.search
            from draft_comments c join drafts d on d.id = c.draft_id
            where c.search @@ atelier_tsquery($1, $2)
              and not c.hidden and c.deleted_at is null
              and d.theme_id in (select id from readable)
              and ($6::uuid is null or c.author_id = $6)
              and ($7::timestamptz is null or c.created_at >= $7)
              and ($8::timestamptz is null or c.created_at < $8)
            order by c.created_at desc
            limit case when $9::text is null or $9 = 'comment' then $15::int else $14::int end
        ),
        suggestion_hits as (
            select d.theme_id, d.id as draft_id, d.number, s.id, d.title, s.author_id,
                   s.created_at as at, s.search
            from draft_suggestions s join drafts d on d.id = s.draft_id
            where s.search @@ atelier_tsquery($1, $2)
              and d.theme_id in (select id from readable)
              and ($6::uuid is null or s.author_id = $6)
              and ($7::timestamptz is null or s.created_at >= $7)
              and ($8::timestamptz is null or s.created_at < $8)
            order by s.created_at desc
            limit case when $9::text is null or $9 = 'suggestion' then $15::int else $14::int end
        ),
        person_hits as (
            select u.id, u.display_name, u.created_at as at, u.search
            from users u
            where u.search @@ atelier_tsquery('atelier_names', $3)
              and ($6::uuid is null or u.id = $6)
              and ($7::timestamptz is null or u.created_at >= $7)
              and ($8::timestamptz is null or u.created_at < $8)
              -- Looked up for each person found (`offset 0` keeps it from becoming a join
              -- that would read every membership first).
              and exists (select 1 from memberships m
                          where m.user_id = u.id and m.state = 'active'
                            and m.theme_id in (select id from readable) offset 0)
            order by u.created_at desc
            limit case when $9::text is null or $9 = 'person' then $15::int else $14::int end
        ),
        hits as (
            select 'theme' as kind, h.id as theme_id, null::uuid as draft_id, null::int as number,
                   null::bigint as item, h.title, null::uuid as author_id, h.at,
                   ts_rank_cd(h.search, q.query) as rank
            from theme_hits h, q
            union all
            select 'draft', h.theme_id, h.id, h.number, null, h.title, h.author_id, h.at,
                   ts_rank_cd(h.search, q.query)
            from draft_hits h, q
            union all
            select 'thread', h.theme_id, null, h.number, null, h.title, h.author_id, h.at,
                   ts_rank_cd(h.search, q.query)
            from thread_hits h, q
            union all
            select 'post', h.theme_id, null, h.number, h.id, h.title, h.author_id, h.at,
                   ts_rank_cd(h.search, q.query)
            from post_hits h, q
            union all
            select 'comment', h.theme_id, h.draft_id, h.number, h.id, h.title, h.author_id, h.at,
                   ts_rank_cd(h.search, q.query)
            from comment_hits h, q
            union all
            select 'suggestion', h.theme_id, h.draft_id, h.number, h.id, h.title, h.author_id,
                   h.at, ts_rank_cd(h.search, q.query)
            from suggestion_hits h, q
            union all
            select 'person', null, null, null, null, h.display_name, h.id, h.at,
                   ts_rank_cd(h.search, q.names)
            from person_hits h, q
        ),
        -- Each kind's last match read only tells there are more: it is not ranked.
        page as (
            select * from (
                select *, row_number() over (partition by kind order by at desc) as seq
                from hits
            ) h
            where ($9::text is null or kind = $9) and seq < $15::int
            order by case when $10 then at end desc nulls last, rank desc, at desc, item desc
            limit $12 offset $11
        )
        select numnode((select query from q)) > 0 as searchable,
               coalesce((select json_agg(json_build_array(number, title) order by number)
                         from readable_all), '[]')
                   as themes,
               coalesce((select json_object_agg(kind, n)
                         from (select kind, count(*) as n from hits group by kind) c), '{}')
                   as counts,
               coalesce((select json_agg(json_build_object(
                   'kind', p.kind, 'theme_number', t.number, 'theme_title', t.title,
                   'number', p.number, 'item', p.item, 'title', p.title,
                   'author_id', p.author_id, 'author', u.display_name, 'at', p.at,
                   'excerpt', case p.kind
                       when 'person' then ts_headline('atelier_names'::regconfig, p.title,
                                                      q.names, $13)
                       else ts_headline($1::text::regconfig, w.text, q.query,
                                        case when length(w.text) <= 240 then $16 else $13 end)
                   end)
                   order by case when $10 then p.at end desc nulls last, p.rank desc, p.at desc,
                            p.item desc)
                 from page p cross join q
                 left join themes t on t.id = p.theme_id
                 left join users u on u.id = p.author_id
                 -- (`offset 0`: the window is made once, not for each use of `w.text`.)
                 cross join lateral (select atelier_excerpt_window(case p.kind
                     when 'theme' then t.summary || E'\n' || t.description_md
                     when 'draft' then (select r.body from draft_revisions r
                                        join drafts d on d.id = r.draft_id
                                        where d.id = p.draft_id and r.number = d.head)
                     when 'thread' then (select first.source from posts first
                                         join threads th on th.id = first.thread_id
                                         where th.theme_id = p.theme_id
                                           and th.number = p.number and not first.hidden
                                         order by first.id limit 1)
                     when 'post' then (select x.source from posts x where x.id = p.item)
                     when 'comment' then (select x.source from draft_comments x
                                          where x.id = p.item)
                     when 'suggestion' then (select concat_ws(E'\n', x.replacement, x.note)
                                             from draft_suggestions x where x.id = p.item)
                 end, q.lexemes) as text offset 0) w), '[]')
                   as hits
        "#;

/// Searches every kind in one statement: the thèmes the viewer may read (the same rule as the
/// pages, `atelier_readable_themes`), without hidden threads, posts or comments, nor deleted
/// comments; people who are active members of a thème the viewer may read.
///
/// Its work is bounded whatever the words: of each kind it takes the newest matches, up to
/// [`SearchParams::counted`] (or what the page needs), and ranks only those; it shows where each
/// hit matches from a window of its text (`atelier_excerpt_window`), not the whole text.
pub async fn search(pool: &PgPool, params: &SearchParams<'_>) -> Result<SearchRows, sqlx::Error> {
    let headline = headline();
    // Not a prepared statement kept by the connection (`persistent(false)`), so not `query!`:
    // after five runs PostgreSQL would plan a kept statement once for any words ("generic plan"),
    // not knowing how many rows they match. Planned with its arguments each time, it reads a
    // rare word's few matches from the GIN indexes and a common word's newest ones from the date
    // indexes, stopping once it has enough (the query and the limits are in each kind's own
    // `where` and `limit` for that reason, not taken from `q`). The tests run it (every column
    // and argument).
    let row = bind(sqlx::query(SEARCH), params, &headline)
        .persistent(false)
        .fetch_one(pool)
        .await?;
    let themes: Json<Vec<(ThemeNumber, String)>> = row.try_get("themes")?;
    let counts: Json<HashMap<HitKind, i64>> = row.try_get("counts")?;
    let hits: Json<Vec<HitRow>> = row.try_get("hits")?;
    Ok(SearchRows {
        searchable: row.try_get("searchable")?,
        themes: themes.0,
        counts: counts.0,
        hits: hits.0,
    })
}

/// The thèmes `viewer` may read, by number (for the thème filter of a search not made). Run as
/// written, like [`SEARCH`], so that it shares the rule without a prepared statement of its own.
pub async fn readable_themes(
    pool: &PgPool,
    viewer: Option<Uuid>,
) -> Result<Vec<(ThemeNumber, String)>, sqlx::Error> {
    // language=PostgreSQL
    let rows: Vec<(i32, String)> = sqlx::query_as(
        "select t.number, t.title from themes t where atelier_may_read(t.id, $1) order by t.number",
    )
    .bind(viewer)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(number, title)| Some((ThemeNumber::try_from(number).ok()?, title)))
        .collect())
}

/// The plan PostgreSQL chooses for [`search`] with `params`, as it runs it (`EXPLAIN ANALYZE`,
/// without timings): which indexes it reads, and the statement's planning and execution time.
/// For the benchmark.
pub async fn explain(pool: &PgPool, params: &SearchParams<'_>) -> Result<Vec<String>, sqlx::Error> {
    let headline = headline();
    let statement = format!("explain (analyze, costs off, timing off, summary) {SEARCH}");
    let rows = bind(sqlx::query(&statement), params, &headline)
        .persistent(false)
        .fetch_all(pool)
        .await?;
    rows.iter().map(|row| row.try_get::<String, _>(0)).collect()
}

/// A moment a phrase appeared in a draft's text or left it.
#[derive(Debug, Clone)]
pub struct PhraseChange {
    /// The revision that first had it (`present`), or the first that no longer had it.
    pub revision: i32,
    /// Whether the phrase is in this revision (it appeared) or not (it was removed).
    pub present: bool,
    /// Who wrote the revision.
    pub author_id: Option<Uuid>,
    /// Their name.
    pub author: Option<String>,
    /// When.
    pub at: OffsetDateTime,
}

/// Each revision of `draft` at which `phrase` appeared in its text or left it, oldest first,
/// ignoring case and accents. The history is read once, in revision order, by the database.
pub async fn phrase_history(
    pool: &PgPool,
    draft: Uuid,
    phrase: &str,
) -> Result<Vec<PhraseChange>, sqlx::Error> {
    // language=PostgreSQL
    let rows = sqlx::query!(
        r#"
        with present as (
            select r.number, r.author_id, r.created_at,
                   strpos(lower(unaccent(r.body)), lower(unaccent($2))) > 0 as present
            from draft_revisions r where r.draft_id = $1
        ),
        changes as (
            select *, lag(present, 1, false) over (order by number) as before from present
        )
        select c.number, c.present as "present!", c.author_id, u.display_name as "author?",
               c.created_at
        from changes c left join users u on u.id = c.author_id
        where c.present is distinct from c.before
        order by c.number
        "#,
        draft,
        phrase,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| PhraseChange {
            revision: row.number,
            present: row.present,
            author_id: row.author_id,
            author: row.author,
            at: row.created_at,
        })
        .collect())
}
