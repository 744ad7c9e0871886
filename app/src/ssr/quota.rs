//! Per-person rate limits on what one account can repeat quickly: draft saves, previews, posts
//! and comments, reports, invitations and the e-mails a person can make Atelier send.
//!
//! Each limit is a GCRA bucket ([`governor`]) per key: `n` per window, all of them usable at once,
//! one more each `window / n`. The state lives in the server's memory: a restart forgets it, which
//! only ever lets someone through. Beyond a limit the caller gets [`AppError::RateLimited`] (429,
//! a translated message; the forms keep what was typed).

use crate::error::AppError;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::{num::NonZeroU32, sync::Arc, time::Duration};
use uuid::Uuid;

/// What is limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// A draft saved (a new draft, a revision, a restore, an accepted suggestion).
    Save,
    /// A Markdown preview (drafts and posts).
    Preview,
    /// A post, a reply, a comment, a suggestion, or an edit of one of them.
    Post,
    /// A report to the moderators.
    Report,
    /// An invitation sent by one person.
    Invitation,
    /// An invitation sent into one thème (by anyone).
    ThemeInvitation,
    /// An e-mail sent to one address on someone's request (confirmations, resets).
    Mail,
}

const ACTIONS: [Action; 7] = [
    Action::Save,
    Action::Preview,
    Action::Post,
    Action::Report,
    Action::Invitation,
    Action::ThemeInvitation,
    Action::Mail,
];

/// How many of each action are allowed per window (the README's table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuotaLimits {
    /// Draft saves per person per minute.
    pub saves_per_minute: u32,
    /// Previews per person per minute.
    pub previews_per_minute: u32,
    /// Posts, comments and their edits per person per hour.
    pub posts_per_hour: u32,
    /// Reports per person per hour.
    pub reports_per_hour: u32,
    /// Invitations per person per hour.
    pub invitations_per_hour: u32,
    /// Invitations per thème per day.
    pub theme_invitations_per_day: u32,
    /// E-mails to one address per hour (sign-up confirmations, resets, address changes).
    pub mails_per_address_per_hour: u32,
}

impl Default for QuotaLimits {
    fn default() -> Self {
        Self {
            saves_per_minute: 30,
            // The editors preview 0.4 s after typing stops: a fast typist makes about one a second.
            previews_per_minute: 120,
            posts_per_hour: 120,
            reports_per_hour: 30,
            invitations_per_hour: 30,
            theme_invitations_per_day: 100,
            mails_per_address_per_hour: 5,
        }
    }
}

impl QuotaLimits {
    /// `(count, window)` of `action`.
    fn of(&self, action: Action) -> (u32, Duration) {
        const MINUTE: Duration = Duration::from_secs(60);
        const HOUR: Duration = Duration::from_secs(3600);
        const DAY: Duration = Duration::from_secs(86_400);
        match action {
            Action::Save => (self.saves_per_minute, MINUTE),
            Action::Preview => (self.previews_per_minute, MINUTE),
            Action::Post => (self.posts_per_hour, HOUR),
            Action::Report => (self.reports_per_hour, HOUR),
            Action::Invitation => (self.invitations_per_hour, HOUR),
            Action::ThemeInvitation => (self.theme_invitations_per_day, DAY),
            Action::Mail => (self.mails_per_address_per_hour, HOUR),
        }
    }
}

/// The buckets, shared by every request.
#[derive(Clone)]
pub struct Quotas {
    limits: QuotaLimits,
    buckets: Arc<[DefaultKeyedRateLimiter<Uuid>; 7]>,
}

impl std::fmt::Debug for Quotas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Quotas")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Quotas {
    /// Buckets for `limits` (a count of 0 is taken as 1).
    pub fn new(limits: QuotaLimits) -> Self {
        let buckets = ACTIONS.map(|action| {
            let (count, window) = limits.of(action);
            let count = NonZeroU32::new(count).unwrap_or(NonZeroU32::MIN);
            let period = window / count.get();
            let quota = Quota::with_period(period)
                .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
                .allow_burst(count);
            RateLimiter::keyed(quota)
        });
        Self {
            limits,
            buckets: Arc::new(buckets),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> QuotaLimits {
        self.limits
    }

    /// Counts one `action` for `key` (a person, a thème or an address, see [`Quotas::address`]);
    /// refuses with [`AppError::RateLimited`] beyond the limit, counting nothing then.
    pub fn take(&self, action: Action, key: Uuid) -> Result<(), AppError> {
        let index = ACTIONS
            .iter()
            .position(|candidate| *candidate == action)
            .unwrap_or_default();
        let bucket = &self.buckets[index];
        // Forget idle keys now and then so that the maps stay the size of the active people.
        if bucket.len() > 10_000 {
            bucket.retain_recent();
        }
        bucket.check_key(&key).map_err(|_| {
            tracing::warn!(?action, %key, "per-person rate limit reached");
            AppError::RateLimited
        })
    }

    /// The key of an e-mail address (case-insensitive).
    pub fn address(email: &str) -> Uuid {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(email.to_lowercase().as_bytes());
        let mut bytes = [0; 16];
        bytes.copy_from_slice(&digest[..16]);
        Uuid::from_bytes(bytes)
    }
}

impl Default for Quotas {
    fn default() -> Self {
        Self::new(QuotaLimits::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_gets_their_count_and_then_is_refused_while_others_are_not() {
        let quotas = Quotas::new(QuotaLimits {
            posts_per_hour: 3,
            ..QuotaLimits::default()
        });
        let (first, second) = (Uuid::new_v4(), Uuid::new_v4());
        for _ in 0..3 {
            assert_eq!(quotas.take(Action::Post, first), Ok(()));
        }
        assert_eq!(quotas.take(Action::Post, first), Err(AppError::RateLimited));
        assert_eq!(quotas.take(Action::Post, second), Ok(()));
        assert_eq!(quotas.take(Action::Report, first), Ok(()), "another action");
    }

    #[test]
    fn addresses_are_one_key_whatever_their_case() {
        assert_eq!(
            Quotas::address("Camille@Example.org"),
            Quotas::address("camille@example.org")
        );
        assert_ne!(
            Quotas::address("camille@example.org"),
            Quotas::address("dominique@example.org")
        );
    }
}
