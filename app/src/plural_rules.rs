//! The plural rules of the interface languages, for the translations' `_one` / `_other` forms.
//!
//! leptos_i18n asks a data provider for CLDR plural rules; this one answers from icu_plurals'
//! compiled data. [`install`] must run before a plural string is rendered: the server calls it
//! as it starts (and in building its router), the browser build before hydrating.

use leptos_i18n::custom_provider::{IcuDataProvider, set_icu_data_provider};
use leptos_i18n::reexports::icu::locid::Locale;
use leptos_i18n::reexports::icu::plurals::{PluralRuleType, PluralRules};
use leptos_i18n::reexports::icu::provider::DataError;
use std::sync::Once;

struct CompiledPluralRules;

impl IcuDataProvider for CompiledPluralRules {
    fn try_new_plural_rules(
        &self,
        locale: &Locale,
        rule_type: PluralRuleType,
    ) -> Result<PluralRules, DataError> {
        PluralRules::try_new(locale.into(), rule_type.into())
    }
}

/// Gives leptos_i18n its plural rules (once; later calls do nothing).
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| set_icu_data_provider(CompiledPluralRules));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Locale as Language, td_string};

    #[test]
    fn french_counts_zero_and_one_as_singular_and_english_only_one() {
        install();
        let fr = |count: i64| td_string!(Language::fr, group.member_count, count).to_string();
        let en = |count: i64| td_string!(Language::en, group.member_count, count).to_string();
        assert_eq!(fr(0), "0\u{a0}membre");
        assert_eq!(fr(1), "1\u{a0}membre");
        assert_eq!(fr(2), "2\u{a0}membres");
        assert_eq!(en(0), "0 members");
        assert_eq!(en(1), "1 member");
        assert_eq!(en(21), "21 members");
    }
}
