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
    /// Results of each kind (every kind, whatever the page shows).
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
}

/// The search statement (see [`search`]).
// language=PostgreSQL
const SEARCH: &str = r#"
        with q as (
            select to_tsquery($1::text::regconfig, $2) as query,
                   to_tsquery('atelier_names'::regconfig, $3) as names
        ),
        readable_all as (
            select t.id, t.number, t.title from themes t where atelier_may_read(t.id, $4)
        ),
        readable as (
            select * from readable_all where $5::int is null or number = $5
        ),
        hits as (
            select 'theme' as kind, t.id as theme_id, null::uuid as draft_id, null::int as number,
                   null::bigint as item, t.title, null::uuid as author_id, t.updated_at as at,
                   ts_rank_cd(t.search, q.query) as rank
            from readable r join themes t on t.id = r.id, q
            where t.search @@ q.query
            union all
            select 'draft', d.theme_id, d.id, d.number, null, d.title, h.author_id, d.updated_at,
                   ts_rank_cd(d.search, q.query)
            from readable r join drafts d on d.theme_id = r.id
            join draft_revisions h on h.draft_id = d.id and h.number = d.head, q
            where d.search @@ q.query
            union all
            select 'thread', th.theme_id, null, th.number, null, th.title, th.author_id,
                   th.created_at, ts_rank_cd(th.search, q.query)
            from readable r join threads th on th.theme_id = r.id, q
            where th.search @@ q.query and not th.hidden
            union all
            select 'post', th.theme_id, null, th.number, p.id, th.title, p.author_id,
                   p.created_at, ts_rank_cd(p.search, q.query)
            from readable r join threads th on th.theme_id = r.id
            join posts p on p.thread_id = th.id, q
            where p.search @@ q.query and not p.hidden and not th.hidden
            union all
            select 'comment', d.theme_id, d.id, d.number, c.id, d.title, c.author_id,
                   c.created_at, ts_rank_cd(c.search, q.query)
            from readable r join drafts d on d.theme_id = r.id
            join draft_comments c on c.draft_id = d.id, q
            where c.search @@ q.query and not c.hidden and c.deleted_at is null
            union all
            select 'suggestion', d.theme_id, d.id, d.number, s.id, d.title, s.author_id,
                   s.created_at, ts_rank_cd(s.search, q.query)
            from readable r join drafts d on d.theme_id = r.id
            join draft_suggestions s on s.draft_id = d.id, q
            where s.search @@ q.query
            union all
            select 'person', null, null, null, null, u.display_name, u.id, u.created_at,
                   ts_rank_cd(u.search, q.names)
            from users u, q
            where u.search @@ q.names
              and exists (select 1 from memberships m join readable r on r.id = m.theme_id
                          where m.user_id = u.id and m.state = 'active')
        ),
        kept as (
            select * from hits
            where ($6::uuid is null or author_id = $6)
              and ($7::timestamptz is null or at >= $7)
              and ($8::timestamptz is null or at < $8)
        ),
        page as (
            select * from kept
            where ($9::text is null or kind = $9)
            order by case when $10 then at end desc nulls last, rank desc, at desc, item desc
            limit $12 offset $11
        )
        select numnode((select query from q)) > 0 as searchable,
               coalesce((select json_agg(json_build_array(number, title) order by number)
                         from readable_all), '[]')
                   as themes,
               coalesce((select json_object_agg(kind, n)
                         from (select kind, count(*) as n from kept group by kind) c), '{}')
                   as counts,
               coalesce((select json_agg(json_build_object(
                   'kind', p.kind, 'theme_number', t.number, 'theme_title', t.title,
                   'number', p.number, 'item', p.item, 'title', p.title,
                   'author_id', p.author_id, 'author', u.display_name, 'at', p.at,
                   'excerpt', case p.kind
                       when 'person' then ts_headline('atelier_names'::regconfig, p.title,
                                                      q.names, $13)
                       else ts_headline($1::text::regconfig, coalesce(case p.kind
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
                       end, ''), q.query, $13)
                   end)
                   order by case when $10 then p.at end desc nulls last, p.rank desc, p.at desc,
                            p.item desc)
                 from page p cross join q
                 left join themes t on t.id = p.theme_id
                 left join users u on u.id = p.author_id), '[]')
                   as hits
        "#;

/// Searches every kind in one statement: the thèmes the viewer may read (the same rule as the
/// pages, `atelier_may_read`), without hidden threads, posts or comments, nor deleted comments;
/// people who are active members of a thème the viewer may read.
pub async fn search(pool: &PgPool, params: &SearchParams<'_>) -> Result<SearchRows, sqlx::Error> {
    let headline = headline();
    // Not a prepared statement kept by the connection (`persistent(false)`), so not `query!`:
    // after five runs PostgreSQL would plan a kept statement once for any words ("generic plan")
    // and, not knowing how few rows the words match, read every post and draft of the readable
    // thèmes through their thème's index and test each vector (107 ms against 16 ms for a rare
    // name at a hundred times the cahier's size, EXPLAIN ANALYZE). Planned with its arguments
    // each time, it starts from the GIN indexes. The tests run it (every column and argument).
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
