//! The source text of the working groups: « Les Cahiers d'espérances », axe 4 « Développer » and
//! its thèmes 10, 11 and 12, as published by Le Labo de l'ESS (see `app/seed/`).
//!
//! Loading is idempotent: rows that exist already (matched by slug and number) are left as they
//! are, so running it at every start-up never overwrites what the groups have since edited.

use super::markdown::to_safe_html;
use sqlx::PgPool;
use time::macros::date;
use uuid::Uuid;

/// The cahier's stable slug.
pub const CAHIER_SLUG: &str = "cahiers-d-esperances";

struct SeedTheme {
    number: i32,
    title: &'static str,
    summary: &'static str,
    description: &'static str,
}

const THEMES: [SeedTheme; 3] = [
    SeedTheme {
        number: 10,
        title: "Développer l’innovation sociale de l’ESS",
        summary: "Innovation sociale",
        description: include_str!("../../seed/theme-10.md"),
    },
    SeedTheme {
        number: 11,
        title: "Développer le concept et l’organisation des circuits courts au sens large : habitat, culture, santé, alimentation...",
        summary: "Circuits courts",
        description: include_str!("../../seed/theme-11.md"),
    },
    SeedTheme {
        number: 12,
        title: "Promouvoir et développer les structures et les acteurs de l’ESS qui construisent des actions de prévention, d’accompagnement, de formation et de sensibilisation adaptés à l’évolution des besoins sociaux, écologiques et économiques, vers un changement d’échelle",
        summary: "Prévention, accompagnement, formation, sensibilisation",
        description: include_str!("../../seed/theme-12.md"),
    },
];

/// What [`load`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    /// Thèmes inserted by this call (0 when they were all there already).
    pub themes_inserted: u64,
}

/// Loads the seed in one transaction, inserting only what is missing.
pub async fn load(pool: &PgPool) -> Result<SeedReport, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let cahier_md = include_str!("../../seed/cahier.md");

    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into cahiers (id, slug, title, publisher, description_md, description_html)
        values ($1, $2, $3, $4, $5, $6)
        on conflict (slug) do nothing
        "#,
        Uuid::new_v4(),
        CAHIER_SLUG,
        "Les Cahiers d’espérances",
        "Le Labo de l’ESS",
        cahier_md,
        to_safe_html(cahier_md),
    )
    .execute(&mut *tx)
    .await?;
    // language=PostgreSQL
    let cahier_id = sqlx::query_scalar!("select id from cahiers where slug = $1", CAHIER_SLUG)
        .fetch_one(&mut *tx)
        .await?;

    let axe_md = include_str!("../../seed/axe-4.md");
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into axes (id, cahier_id, number, title, keywords, intro_md, intro_html, published_on)
        values ($1, $2, 4, 'Développer', $3, $4, $5, $6)
        on conflict (cahier_id, number) do nothing
        "#,
        Uuid::new_v4(),
        cahier_id,
        "Prévention, Développement durable, Innovation",
        axe_md,
        to_safe_html(axe_md),
        date!(2012 - 01 - 11),
    )
    .execute(&mut *tx)
    .await?;
    // language=PostgreSQL
    let axe_id = sqlx::query_scalar!(
        "select id from axes where cahier_id = $1 and number = 4",
        cahier_id
    )
    .fetch_one(&mut *tx)
    .await?;

    let mut report = SeedReport::default();
    for theme in &THEMES {
        // language=PostgreSQL
        let inserted = sqlx::query!(
            r#"
            insert into themes (id, axe_id, number, title, summary, description_md, description_html)
            values ($1, $2, $3, $4, $5, $6, $7)
            on conflict (number) do nothing
            "#,
            Uuid::new_v4(),
            axe_id,
            theme.number,
            theme.title,
            theme.summary,
            theme.description,
            to_safe_html(theme.description),
        )
        .execute(&mut *tx)
        .await?;
        report.themes_inserted += inserted.rows_affected();
    }

    tx.commit().await?;
    Ok(report)
}
