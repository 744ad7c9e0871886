//! Passwords: the policy for new ones, and argon2id hashing off the async threads.
//!
//! Hashing uses the `argon2` crate's defaults (argon2id, 19 MiB, t=2, p=1: OWASP's minimum), runs
//! on tokio's blocking pool, and is bounded: when every permit is taken the caller is told "too
//! many requests" at once instead of joining a queue that grows with an attack. Verifying a
//! sign-in for an unknown e-mail runs the same work against a dummy hash, so that it answers in
//! the same time as a wrong password. Passwords travel as [`SecretString`], which never prints.

use crate::error::{AppError, ValidationCode};
use argon2::{
    Argon2, Params,
    password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash},
};
use secrecy::{ExposeSecret, SecretString};
use std::sync::{Arc, LazyLock};
use tokio::sync::Semaphore;

/// The fewest characters a password may have.
pub const MIN_CHARS: usize = 8;
/// The most characters a password may have (a bound on hashing work, far above any real one).
pub const MAX_CHARS: usize = 1024;
/// zxcvbn looks at this many characters at most: past it a password is long enough, and the
/// estimator's cost grows quickly with length.
const STRENGTH_CHECK_CHARS: usize = 64;

/// Checks a new password: length, and that it is not common or guessable from the person's own
/// e-mail or name (`context`). Any Unicode is welcome.
pub fn check_new(password: &SecretString, context: &[&str]) -> Result<(), ValidationCode> {
    let password = password.expose_secret();
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(ValidationCode::PasswordTooShort);
    }
    if chars > MAX_CHARS {
        return Err(ValidationCode::PasswordTooLong);
    }
    let checked: String = password.chars().take(STRENGTH_CHECK_CHARS).collect();
    let estimate = zxcvbn::zxcvbn(&checked, context);
    if (estimate.score() as u8) < 3 {
        return Err(ValidationCode::PasswordTooGuessable);
    }
    Ok(())
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
    /// The password matches; `needs_rehash` when the stored hash is weaker than today's settings.
    Valid {
        /// Re-hash and store the password with today's settings.
        needs_rehash: bool,
    },
    /// Wrong password, or no such account: the caller must not tell which.
    Invalid,
}

/// Hashes and verifies passwords with a bound on how many run at once.
#[derive(Clone, Debug)]
pub struct Passwords {
    permits: Arc<Semaphore>,
}

/// A hash of a password nobody has, verified when the account does not exist.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    Argon2::default()
        .hash_password(b"not a real password, only spent time")
        .map(|hash| hash.to_string())
        .unwrap_or_default()
});

impl Passwords {
    /// At most `concurrent` hashes at a time (each takes 19 MiB and tens of milliseconds).
    pub fn new(concurrent: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(concurrent)),
        }
    }

    /// The PHC string of `password` (argon2id with a fresh random salt).
    pub async fn hash(&self, password: SecretString) -> Result<String, AppError> {
        let permit = self.permit()?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            Argon2::default()
                .hash_password(password.expose_secret().as_bytes())
                .map(|hash| hash.to_string())
                .map_err(|error| {
                    tracing::error!(%error, "password hashing failed");
                    AppError::Internal
                })
        })
        .await
        .map_err(|error| {
            tracing::error!(%error, "password hashing task failed");
            AppError::Internal
        })?
    }

    /// Checks `password` against `stored`, the account's hash, or `None` when there is no such
    /// account (then a dummy hash is verified, and the answer is [`Verification::Invalid`]).
    pub async fn verify(
        &self,
        password: SecretString,
        stored: Option<String>,
    ) -> Result<Verification, AppError> {
        let permit = self.permit()?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let account_exists = stored.is_some();
            let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
            let Ok(hash) = PasswordHash::new(&stored) else {
                tracing::error!("a stored password hash does not parse");
                return Verification::Invalid;
            };
            let matches = Argon2::default()
                .verify_password(password.expose_secret().as_bytes(), &hash)
                .is_ok();
            if matches && account_exists {
                Verification::Valid {
                    needs_rehash: is_weaker_than_default(&hash),
                }
            } else {
                Verification::Invalid
            }
        })
        .await
        .map_err(|error| {
            tracing::error!(%error, "password verification task failed");
            AppError::Internal
        })
    }

    fn permit(&self) -> Result<tokio::sync::OwnedSemaphorePermit, AppError> {
        self.permits.clone().try_acquire_owned().map_err(|_| {
            tracing::warn!("password hashing saturated: request refused");
            AppError::RateLimited
        })
    }
}

/// True when `hash` was made with another algorithm or cheaper parameters than today's.
fn is_weaker_than_default(hash: &PasswordHash) -> bool {
    if hash.algorithm.as_str() != "argon2id" {
        return true;
    }
    match Params::try_from(hash) {
        Ok(params) => {
            params.m_cost() < Params::DEFAULT_M_COST
                || params.t_cost() < Params::DEFAULT_T_COST
                || params.p_cost() < Params::DEFAULT_P_COST
        }
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::{Algorithm, Version};

    fn secret(text: &str) -> SecretString {
        SecretString::from(text.to_owned())
    }

    #[tokio::test]
    async fn a_password_is_hashed_with_argon2id_at_owasp_settings_and_verifies() {
        let passwords = Passwords::new(2);
        let hash = passwords
            .hash(secret("une phrase de passe solide"))
            .await
            .unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        let ok = passwords
            .verify(secret("une phrase de passe solide"), Some(hash.clone()))
            .await;
        assert_eq!(
            ok,
            Ok(Verification::Valid {
                needs_rehash: false
            })
        );
        let wrong = passwords
            .verify(secret("une phrase de passe fausse"), Some(hash))
            .await;
        assert_eq!(wrong, Ok(Verification::Invalid));
    }

    #[tokio::test]
    async fn an_unknown_account_is_invalid_even_with_the_dummy_password() {
        let passwords = Passwords::new(1);
        let answer = passwords
            .verify(secret("not a real password, only spent time"), None)
            .await;
        assert_eq!(answer, Ok(Verification::Invalid));
    }

    #[tokio::test]
    async fn a_hash_with_weaker_parameters_verifies_and_asks_for_a_rehash() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(4096, 1, 1, None).unwrap(),
        )
        .hash_password(b"ancien mot de passe")
        .unwrap()
        .to_string();
        let answer = Passwords::new(1)
            .verify(secret("ancien mot de passe"), Some(weak))
            .await;
        assert_eq!(answer, Ok(Verification::Valid { needs_rehash: true }));
    }

    #[tokio::test]
    async fn when_no_hashing_permit_is_free_the_request_is_refused_not_queued() {
        let passwords = Passwords::new(0);
        assert_eq!(
            passwords.hash(secret("peu importe ici")).await,
            Err(AppError::RateLimited)
        );
        let answer = passwords.verify(secret("peu importe ici"), None).await;
        assert_eq!(answer, Err(AppError::RateLimited));
    }

    #[test]
    fn short_long_and_guessable_passwords_are_refused() {
        let check = |p: &str| {
            check_new(
                &secret(p),
                &["camille.durand@example.org", "Camille Durand"],
            )
        };
        assert_eq!(check("Ab1!xyz"), Err(ValidationCode::PasswordTooShort));
        assert_eq!(
            check(&"x".repeat(MAX_CHARS + 1)),
            Err(ValidationCode::PasswordTooLong)
        );
        for guessable in [
            "password",
            "motdepasse",
            "azertyuiop",
            "12345678910",
            "camilledurand",
            "Camille Durand 1",
        ] {
            assert_eq!(
                check(guessable),
                Err(ValidationCode::PasswordTooGuessable),
                "{guessable}"
            );
        }
    }

    #[test]
    fn long_passphrases_in_any_script_are_accepted() {
        let check = |p: &str| check_new(&secret(p), &[]);
        assert_eq!(check("l’été à Marseille, les cigales ☀ chantent"), Ok(()));
        assert_eq!(check("пароль из трёх разных слов"), Ok(()));
        let long: String = "coopérative-solidaire-"
            .repeat(40)
            .chars()
            .take(MAX_CHARS)
            .collect();
        assert_eq!(check(&long), Ok(()));
    }

    #[test]
    fn a_secret_password_never_prints() {
        let printed = format!("{:?}", secret("une phrase de passe solide"));
        assert!(!printed.contains("solide"), "{printed}");
    }
}
