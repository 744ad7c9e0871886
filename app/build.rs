//! Generates the `i18n` module from `locales/*.json` (French first, English second).
//!
//! The French strings are set in French typography on the way (see `src/domain/typography.rs`,
//! compiled here too): `locales/fr.json` stays readable, with ordinary spaces, and the pages get
//! the no-break spaces before « : ; ! ? » and inside « ».
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::{error::Error, path::PathBuf};

#[allow(dead_code)]
#[path = "src/domain/typography.rs"]
mod typography;

/// Placeholders that hold a number: the word after one stays on its line (« 12 révisions »).
const NUMBERS: &[&str] = &[
    "count",
    "revision",
    "revisions",
    "number",
    "from",
    "to",
    "head",
    "base",
    "page",
    "pages",
    "lines",
    "share",
    "added",
    "removed",
    "surviving",
    "posts",
    "day",
    "year",
    "current",
];

/// A French interface string as it is shown.
fn typeset(text: &str) -> String {
    let mut out = typography::french(text).into_owned();
    for name in NUMBERS {
        let placeholder = format!("{{{{ {name} }}}} ");
        let kept = format!("{{{{ {name} }}}}{}", typography::NBSP);
        let mut at = 0;
        while let Some(found) = out[at..].find(&placeholder) {
            let start = at + found;
            let next = out[start + placeholder.len()..].chars().next();
            if next.is_some_and(char::is_alphabetic) {
                out.replace_range(start..start + placeholder.len(), &kept);
                at = start + kept.len();
            } else {
                at = start + placeholder.len();
            }
        }
    }
    out
}

fn typeset_all(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) => *text = typeset(text),
        serde_json::Value::Object(map) => map.values_mut().for_each(typeset_all),
        serde_json::Value::Array(items) => items.iter_mut().for_each(typeset_all),
        _ => {}
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/domain/typography.rs");
    println!("cargo::rerun-if-changed=locales");
    // `sqlx::migrate!` embeds the migrations: rebuild when one is added or changed.
    println!("cargo::rerun-if-changed=../migrations");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    let typeset_dir = out_dir.join("typeset");
    std::fs::create_dir_all(typeset_dir.join("locales"))?;
    for locale in ["fr", "en"] {
        let path = format!("locales/{locale}.json");
        println!("cargo::rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path)?;
        let text = if locale == "fr" {
            let mut strings: serde_json::Value = serde_json::from_str(&text)?;
            typeset_all(&mut strings);
            serde_json::to_string_pretty(&strings)?
        } else {
            text
        };
        std::fs::write(typeset_dir.join(&path), text)?;
    }
    // `interpolate_display` lets `t_string!` fill placeholders, for attributes and dates.
    let options = ParseOptions::default().interpolate_display(true);
    let config = Config::new("fr")?.add_locale("en")?.parse_options(options);
    let translations = TranslationsInfos::parse_at_dir(typeset_dir, config)?;
    translations.emit_diagnostics();
    translations.generate_i18n_module(out_dir.join("i18n"))?;
    Ok(())
}
