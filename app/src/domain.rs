//! Types that parse outside input into values the rest of the code can trust.
//!
//! Pure code, compiled for the server and the browser alike.

/// The stored form of a state enum: `ALL`, `as_str` and a strict `FromStr` (an unknown value is
/// [`UnknownStatus`], never a default), from one table of variants and their stored names.
macro_rules! stored_as {
    ($type:ty { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $type {
            /// Every state, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stored value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }
        }

        impl std::str::FromStr for $type {
            type Err = $crate::domain::UnknownStatus;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok(Self::$variant),)+
                    _ => Err($crate::domain::UnknownStatus),
                }
            }
        }
    };
}

pub mod access;
pub mod draft;
pub mod locale;
pub mod notice;
mod person;
pub mod search;
mod theme;
pub mod typography;
pub mod urls;
pub mod wording;

pub use person::{DisplayName, Email, Password, Role};
pub use theme::{ThemeNumber, ThemeStatus, UnknownStatus, Visibility};

#[cfg(test)]
mod tests {
    use super::{
        Role, UnknownStatus,
        access::{Standing, ThemeRole},
        draft::{PassageState, RevisionKind, SuggestionState},
    };
    use std::str::FromStr;

    fn round_trips<T: FromStr<Err = UnknownStatus> + Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        as_str: fn(T) -> &'static str,
    ) {
        for &state in all {
            assert_eq!(as_str(state).parse::<T>(), Ok(state));
        }
        let mut names: Vec<_> = all.iter().map(|&state| as_str(state)).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len(), "two states share a stored name");
        assert_eq!("".parse::<T>(), Err(UnknownStatus));
        assert_eq!("unknown".parse::<T>(), Err(UnknownStatus));
        assert_eq!(
            as_str(all[0]).to_uppercase().parse::<T>(),
            Err(UnknownStatus)
        );
    }

    #[test]
    fn every_stored_state_reads_back_as_itself_and_an_unknown_name_is_refused() {
        round_trips(Role::ALL, Role::as_str);
        round_trips(ThemeRole::ALL, ThemeRole::as_str);
        round_trips(Standing::ALL, Standing::as_str);
        round_trips(RevisionKind::ALL, RevisionKind::as_str);
        round_trips(PassageState::ALL, PassageState::as_str);
        round_trips(SuggestionState::ALL, SuggestionState::as_str);
        assert_eq!(Standing::ALL.len(), 5);
        assert_eq!(Role::Admin.as_str(), "admin");
    }
}
