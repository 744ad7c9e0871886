//! Database tests: the seed and the cahier queries, against a fresh database per test.

use app::{
    domain::{ThemeNumber, ThemeStatus},
    ssr::{db::cahier, seed},
};
use sqlx::PgPool;

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn loading_the_seed_twice_inserts_the_themes_once(pool: PgPool) {
    let first = seed::load(&pool).await.unwrap();
    let second = seed::load(&pool).await.unwrap();
    assert_eq!((first.themes_inserted, second.themes_inserted), (3, 0));
    let counts: (i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from cahiers), (select count(*) from axes), (select count(*) from themes)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(counts, (1, 1, 3));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn reloading_the_seed_never_overwrites_what_a_group_edited(pool: PgPool) {
    seed::load(&pool).await.unwrap();
    sqlx::query("update themes set title = 'Titre retravaillé' where number = 10")
        .execute(&pool)
        .await
        .unwrap();
    seed::load(&pool).await.unwrap();
    let title: String = sqlx::query_scalar("select title from themes where number = 10")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(title, "Titre retravaillé");
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_overview_lists_axe_4_with_its_themes_in_order(pool: PgPool) {
    seed::load(&pool).await.unwrap();
    let overview = cahier::overview(&pool, None)
        .await
        .unwrap()
        .expect("the seed has a cahier");
    assert_eq!(overview.cahier.title, "Les Cahiers d’espérances");
    assert_eq!(overview.axes.len(), 1);
    let axe = &overview.axes[0];
    assert_eq!((axe.number, axe.title.as_str()), (4, "Développer"));
    let keywords: Vec<&str> = axe.keywords.split(',').map(str::trim).collect();
    assert_eq!(
        keywords,
        ["Prévention", "Développement durable", "Innovation"]
    );
    assert_eq!(axe.published_on, Some(time::macros::date!(2012 - 01 - 11)));
    let themes: Vec<_> = overview
        .themes
        .iter()
        .filter(|t| t.axe_id == axe.id)
        .collect();
    let numbers: Vec<i32> = themes.iter().map(|t| t.number.get()).collect();
    assert_eq!(numbers, [10, 11, 12]);
    assert!(themes.iter().all(|t| t.status == ThemeStatus::Open));
    assert!(
        axe.intro_html.contains("<strong>AMAP</strong>"),
        "{}",
        axe.intro_html
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_seed_texts_are_stored_as_markdown_and_sanitised_html(pool: PgPool) {
    seed::load(&pool).await.unwrap();
    let theme = cahier::theme(&pool, ThemeNumber::try_from(11).unwrap())
        .await
        .unwrap()
        .expect("thème 11 exists");
    assert!(
        theme
            .title
            .starts_with("Développer le concept et l’organisation des circuits courts")
    );
    assert!(
        theme
            .description_html
            .starts_with("<p>La notion de territoire"),
        "{}",
        theme.description_html
    );
    assert_eq!(
        (theme.axe_number, theme.axe_title.as_str()),
        (4, "Développer")
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn an_unknown_theme_is_none_not_an_error(pool: PgPool) {
    seed::load(&pool).await.unwrap();
    let theme = cahier::theme(&pool, ThemeNumber::try_from(99).unwrap())
        .await
        .unwrap();
    assert!(theme.is_none());
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn the_database_refuses_an_unknown_status_or_a_duplicate_number(pool: PgPool) {
    seed::load(&pool).await.unwrap();
    let bad_status = sqlx::query("update themes set status = 'deleted' where number = 10")
        .execute(&pool)
        .await;
    assert!(bad_status.is_err());
    let duplicate = sqlx::query(
        "insert into themes (id, axe_id, number, title, summary, description_md, description_html)
         select gen_random_uuid(), axe_id, 10, 't', 's', '', '' from themes where number = 11",
    )
    .execute(&pool)
    .await;
    assert!(duplicate.is_err());
}
