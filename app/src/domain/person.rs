//! A person's e-mail and display name, parsed from what they typed.

use crate::error::ValidationCode;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An e-mail address: trimmed, at most 254 characters, with a valid syntax.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// Parses what the person typed.
    pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(ValidationCode::EmailRequired);
        }
        if trimmed.chars().count() > 254 || !email_address::EmailAddress::is_valid(trimmed) {
            return Err(ValidationCode::EmailInvalid);
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The address as typed (case is kept; comparisons in the database ignore it).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name shown beside a person's contributions: 1 to 80 characters, no control characters,
/// inner runs of spaces collapsed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    /// The most characters a display name may have.
    pub const MAX_CHARS: usize = 80;

    /// Parses what the person typed.
    pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
        if raw.chars().any(|c| c.is_control() || is_invisible(c)) {
            return Err(ValidationCode::DisplayNameInvalid);
        }
        let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            return Err(ValidationCode::DisplayNameRequired);
        }
        if collapsed.chars().count() > Self::MAX_CHARS {
            return Err(ValidationCode::DisplayNameTooLong);
        }
        Ok(Self(collapsed))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Characters that change how a name is shown without being seen: bidirectional controls (which
/// can make "Camille" read "ellimaC" or hide a suffix), zero-width characters, the soft hyphen.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

impl fmt::Display for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_trimmed_and_kept_as_typed() {
        let email = Email::parse("  Camille.Durand@Example.org \n").map(|e| e.as_str().to_owned());
        assert_eq!(email, Ok("Camille.Durand@Example.org".to_owned()));
    }

    #[test]
    fn malformed_or_missing_emails_are_refused() {
        assert_eq!(Email::parse("   "), Err(ValidationCode::EmailRequired));
        for bad in [
            "camille",
            "camille@",
            "@example.org",
            "ca mille@example.org",
            "a@b@c.org",
        ] {
            assert_eq!(
                Email::parse(bad),
                Err(ValidationCode::EmailInvalid),
                "{bad}"
            );
        }
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(ValidationCode::EmailInvalid));
    }

    #[test]
    fn a_display_name_is_trimmed_and_its_spaces_collapsed() {
        let name = DisplayName::parse("  Camille   Durand ").map(|n| n.as_str().to_owned());
        assert_eq!(name, Ok("Camille Durand".to_owned()));
        assert_eq!(
            DisplayName::parse("Zoé N’Diaye").map(|n| n.to_string()),
            Ok("Zoé N’Diaye".to_owned())
        );
    }

    #[test]
    fn empty_overlong_or_control_character_names_are_refused() {
        assert_eq!(
            DisplayName::parse("  "),
            Err(ValidationCode::DisplayNameRequired)
        );
        assert_eq!(
            DisplayName::parse(&"é".repeat(81)),
            Err(ValidationCode::DisplayNameTooLong)
        );
        assert!(DisplayName::parse(&"é".repeat(80)).is_ok());
        assert_eq!(
            DisplayName::parse("Camille\u{202E}"),
            Err(ValidationCode::DisplayNameInvalid)
        );
        assert_eq!(
            DisplayName::parse("Cam\u{200B}ille"),
            Err(ValidationCode::DisplayNameInvalid)
        );
        assert_eq!(
            DisplayName::parse("Camille\u{0}"),
            Err(ValidationCode::DisplayNameInvalid)
        );
    }
}

/// A site role, as pages and server functions exchange it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Role {
    /// Everyone with an account.
    Member,
    /// Opens and closes thèmes, moderates anywhere.
    Moderator,
    /// Names moderators.
    Admin,
}

stored_as!(Role {
    Member => "member",
    Moderator => "moderator",
    Admin => "admin",
});

impl Role {
    /// True for moderators and admins.
    pub fn moderates(self) -> bool {
        matches!(self, Self::Moderator | Self::Admin)
    }
}

/// A password as typed, on its way to the server. It never prints (`Debug` shows a placeholder)
/// and has no `Display`; on the server it becomes a `secrecy::SecretString` at once.
#[derive(Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Password(String);

impl Password {
    /// Wraps a typed password.
    pub fn new(typed: impl Into<String>) -> Self {
        Self(typed.into())
    }

    /// True when nothing was typed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Takes the password out, to hand it to the hasher.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password([redacted])")
    }
}
