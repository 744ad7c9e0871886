//! A thème's number, status and visibility.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// A thème's number, unique across the cahier (the seed has 10, 11 and 12).
///
/// Parsed from a URL segment: plain ASCII digits only, from 1 to 9 999, so that `/themes/abc`,
/// `/themes/-1` or `/themes/1e3` are refused before any query runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct ThemeNumber(i32);

impl ThemeNumber {
    /// The largest number a thème may have.
    pub const MAX: i32 = 9_999;

    /// The number as stored in the database.
    pub fn get(self) -> i32 {
        self.0
    }
}

/// Why a thème number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a thème number is a whole number from 1 to 9999")]
pub struct InvalidThemeNumber;

impl TryFrom<i32> for ThemeNumber {
    type Error = InvalidThemeNumber;

    fn try_from(value: i32) -> Result<Self, Self::Error> {
        if (1..=Self::MAX).contains(&value) {
            Ok(Self(value))
        } else {
            Err(InvalidThemeNumber)
        }
    }
}

impl From<ThemeNumber> for i32 {
    fn from(value: ThemeNumber) -> Self {
        value.0
    }
}

impl FromStr for ThemeNumber {
    type Err = InvalidThemeNumber;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(InvalidThemeNumber);
        }
        s.parse::<i32>()
            .map_err(|_| InvalidThemeNumber)
            .and_then(Self::try_from)
    }
}

impl fmt::Display for ThemeNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Where a thème is in its life: open for work, closed (read-only), or archived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeStatus {
    /// The group works: members discuss and write.
    Open,
    /// Read-only, with a closing note.
    Closed,
    /// Read-only and marked as archived.
    Archived,
}

impl ThemeStatus {
    /// The value stored in `themes.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
            Self::Archived => "archived",
        }
    }
}

/// A stored or submitted value that names none of the known states (of a thème, a draft, a
/// revision, a membership…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown state")]
pub struct UnknownStatus;

impl FromStr for ThemeStatus {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "open" => Ok(Self::Open),
            "closed" => Ok(Self::Closed),
            "archived" => Ok(Self::Archived),
            _ => Err(UnknownStatus),
        }
    }
}

/// Who may read a thème.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Anyone, signed in or not.
    Public,
    /// Only its members and the moderators; others are told it does not exist.
    Members,
}

impl Visibility {
    /// The value stored in `themes.visibility`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Members => "members",
        }
    }
}

impl FromStr for Visibility {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "public" => Ok(Self::Public),
            "members" => Ok(Self::Members),
            _ => Err(UnknownStatus),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_number_parses_from_plain_digits() {
        assert_eq!("10".parse::<ThemeNumber>().map(ThemeNumber::get), Ok(10));
        assert_eq!(
            "9999".parse::<ThemeNumber>().map(ThemeNumber::get),
            Ok(9999)
        );
    }

    #[test]
    fn a_theme_number_refuses_anything_but_digits_in_range() {
        for bad in [
            "",
            "abc",
            "0",
            "-1",
            "+1",
            "1e3",
            " 10",
            "10 ",
            "10000",
            "99999999999",
            "１０",
        ] {
            assert_eq!(
                bad.parse::<ThemeNumber>(),
                Err(InvalidThemeNumber),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn statuses_round_trip_through_their_stored_form() {
        for status in [
            ThemeStatus::Open,
            ThemeStatus::Closed,
            ThemeStatus::Archived,
        ] {
            assert_eq!(status.as_str().parse::<ThemeStatus>(), Ok(status));
        }
        assert_eq!("deleted".parse::<ThemeStatus>(), Err(UnknownStatus));
    }

    #[test]
    fn visibilities_round_trip_through_their_stored_form() {
        for visibility in [Visibility::Public, Visibility::Members] {
            assert_eq!(visibility.as_str().parse::<Visibility>(), Ok(visibility));
        }
    }
}
