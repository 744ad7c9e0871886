//! The French and English locale files must offer the same keys and the same placeholders, so
//! that no interface text is missing, or silently falls back, in either language.

use std::collections::BTreeMap;

fn flatten(prefix: &str, value: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&path, value, out);
            }
        }
        other => {
            out.insert(
                prefix.to_owned(),
                other.as_str().unwrap_or_default().to_owned(),
            );
        }
    }
}

fn load(locale: &str) -> BTreeMap<String, String> {
    let path = format!("{}/locales/{locale}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let json: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut keys = BTreeMap::new();
    flatten("", &json, &mut keys);
    keys
}

fn placeholders(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .split("{{")
        .skip(1)
        .filter_map(|rest| rest.split("}}").next())
        .map(|name| name.trim().to_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn french_and_english_have_the_same_keys() {
    let fr: Vec<String> = load("fr").into_keys().collect();
    let en: Vec<String> = load("en").into_keys().collect();
    assert_eq!(fr, en);
}

#[test]
fn every_translation_uses_the_same_placeholders_in_both_languages() {
    let fr = load("fr");
    let en = load("en");
    for (key, french) in &fr {
        let english = en.get(key).map(String::as_str).unwrap_or_default();
        assert_eq!(placeholders(french), placeholders(english), "{key}");
    }
}

#[test]
fn no_translation_is_empty() {
    for locale in ["fr", "en"] {
        for (key, text) in load(locale) {
            assert!(!text.trim().is_empty(), "{locale}: {key} is empty");
        }
    }
}
