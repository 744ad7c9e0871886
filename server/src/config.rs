//! Configuration from the environment.

use leptos::prelude::LeptosOptions;
use std::time::Duration;

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: the PostgreSQL database.
    pub database_url: String,
    /// `ATELIER_DB_MAX_CONNECTIONS`: the pool's size (default 10).
    pub max_connections: u32,
    /// `ATELIER_SEED`: load the seed thèmes at start-up when missing (default `true`).
    pub load_seed: bool,
    /// Leptos' options, from `LEPTOS_SITE_ADDR`, `LEPTOS_SITE_ROOT` and the other `LEPTOS_*`
    /// variables (defaults from the workspace's `Cargo.toml`).
    pub leptos: LeptosOptions,
    /// How long a graceful shutdown waits for requests in flight (`ATELIER_SHUTDOWN_GRACE_SECS`,
    /// default 10).
    pub shutdown_grace: Duration,
    /// `ATELIER_PUBLIC_URL`: the address people reach Atelier at, for links in e-mails (default
    /// `http://` + the listening address). An `https://` address turns on secure cookies.
    pub public_url: String,
    /// `ATELIER_SECURE_COOKIES`: force the session cookie's `Secure` flag and `__Host-` prefix on
    /// or off (default: on exactly when `ATELIER_PUBLIC_URL` is `https://`).
    pub secure_cookies: Option<bool>,
    /// `ATELIER_TRUST_PROXY`: take client addresses from `X-Forwarded-For` (default `false`; turn
    /// on only behind a reverse proxy that sets it).
    pub trust_proxy: bool,
    /// `ATELIER_SMTP_URL`: the SMTP relay (e.g. `smtps://user:pass@smtp.example.org`); unset,
    /// mail is written to files in `mail_dir`.
    pub smtp_url: Option<String>,
    /// `ATELIER_MAIL_DIR`: where mail goes without SMTP (default `.mail`).
    pub mail_dir: String,
    /// `ATELIER_MAIL_FROM`: the sender (default `Atelier <atelier@localhost>`).
    pub mail_from: String,
    /// `ATELIER_PASSWORD_HASHES`: password hashes that may run at once (default: the number of
    /// CPUs); more are refused with "too many requests".
    pub password_hashes: usize,
    /// `ATELIER_CPU_WORKERS`: Markdown renders, diffs and merges that may run at once (default:
    /// the number of CPUs); 64 more may wait, and beyond that they are refused with "too many
    /// requests".
    pub cpu_workers: usize,
    /// `ATELIER_SIGN_INS_PER_IP` (per 15 minutes, default 200) and `ATELIER_SIGN_UPS_PER_IP` (sign-ups
    /// and reset requests per hour, default 50): per-address rate limits.
    /// `ATELIER_FAILURES_PER_ACCOUNT` (default 10): failed sign-ins within 15 minutes that lock
    /// an account.
    pub limits: app::ssr::state::Limits,
    /// `ATELIER_VISIT_GAP_SECS`: a pause longer than this ends a visit, for "since my last
    /// visit" (default 3600).
    pub visit_gap: Duration,
    /// Per-person rate limits (see the README's table): `ATELIER_SAVES_PER_MINUTE` (30),
    /// `ATELIER_PREVIEWS_PER_MINUTE` (120), `ATELIER_POSTS_PER_HOUR` (120),
    /// `ATELIER_REPORTS_PER_HOUR` (30), `ATELIER_INVITATIONS_PER_HOUR` (30, per person),
    /// `ATELIER_THEME_INVITATIONS_PER_DAY` (100, per thème), `ATELIER_MAILS_PER_ADDRESS_PER_HOUR`
    /// (5: confirmations, resets and address changes sent to one address).
    pub quotas: app::ssr::quota::QuotaLimits,
}

/// A configuration value that is missing or does not parse.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A required variable is unset.
    #[error("{0} is not set")]
    Missing(&'static str),
    /// A variable has a value that does not parse.
    #[error("{name} has an invalid value: {reason}")]
    Invalid {
        /// The variable.
        name: &'static str,
        /// Why it was refused.
        reason: String,
    },
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        let leptos = leptos::prelude::get_configuration(None)
            .map_err(|e| ConfigError::Invalid {
                name: "LEPTOS_*",
                reason: e.to_string(),
            })?
            .leptos_options;
        let mut leptos = leptos;
        // cargo-leptos names the front end's files by their content (`hash-files`) and lists
        // the names in a file beside the server binary; without that file, plain names.
        if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
            leptos.hash_files = std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join(&*leptos.hash_file)))
                .is_some_and(|file| file.is_file());
        }
        Self::from_vars(|name| std::env::var(name).ok(), leptos)
    }

    /// The configuration that the variables `var` gives (`None`: unset), with these Leptos
    /// options. The tests build their application this way, from a fixed set of variables.
    pub fn from_vars(
        var: impl Fn(&str) -> Option<String>,
        leptos: LeptosOptions,
    ) -> Result<Self, ConfigError> {
        let database_url = var("DATABASE_URL").ok_or(ConfigError::Missing("DATABASE_URL"))?;
        let max_connections = parse_var(&var, "ATELIER_DB_MAX_CONNECTIONS", 10)?;
        let load_seed = parse_var(&var, "ATELIER_SEED", true)?;
        let shutdown_grace =
            Duration::from_secs(parse_var(&var, "ATELIER_SHUTDOWN_GRACE_SECS", 10)?);
        let public_url = match var("ATELIER_PUBLIC_URL") {
            Some(url) if !url.trim().is_empty() => url.trim().trim_end_matches('/').to_owned(),
            _ => format!("http://{}", leptos.site_addr),
        };
        let secure_cookies = match var("ATELIER_SECURE_COOKIES") {
            Some(value) if !value.trim().is_empty() => Some(value.trim().parse().map_err(
                |e: std::str::ParseBoolError| ConfigError::Invalid {
                    name: "ATELIER_SECURE_COOKIES",
                    reason: e.to_string(),
                },
            )?),
            _ => None,
        };
        let smtp_url = var("ATELIER_SMTP_URL").filter(|url| !url.trim().is_empty());
        let cpus = std::thread::available_parallelism().map_or(2, usize::from);
        Ok(Self {
            database_url,
            max_connections,
            load_seed,
            leptos,
            shutdown_grace,
            public_url,
            secure_cookies,
            trust_proxy: parse_var(&var, "ATELIER_TRUST_PROXY", false)?,
            smtp_url,
            mail_dir: parse_var(&var, "ATELIER_MAIL_DIR", ".mail".to_owned())?,
            mail_from: parse_var(
                &var,
                "ATELIER_MAIL_FROM",
                "Atelier <atelier@localhost>".to_owned(),
            )?,
            password_hashes: parse_var(&var, "ATELIER_PASSWORD_HASHES", cpus)?.max(1),
            cpu_workers: parse_var(&var, "ATELIER_CPU_WORKERS", cpus)?.max(1),
            visit_gap: Duration::from_secs(parse_var(
                &var,
                "ATELIER_VISIT_GAP_SECS",
                app::ssr::state::VISIT_GAP.as_secs(),
            )?),
            quotas: {
                let defaults = app::ssr::quota::QuotaLimits::default();
                app::ssr::quota::QuotaLimits {
                    saves_per_minute: parse_var(
                        &var,
                        "ATELIER_SAVES_PER_MINUTE",
                        defaults.saves_per_minute,
                    )?,
                    previews_per_minute: parse_var(
                        &var,
                        "ATELIER_PREVIEWS_PER_MINUTE",
                        defaults.previews_per_minute,
                    )?,
                    posts_per_hour: parse_var(
                        &var,
                        "ATELIER_POSTS_PER_HOUR",
                        defaults.posts_per_hour,
                    )?,
                    reports_per_hour: parse_var(
                        &var,
                        "ATELIER_REPORTS_PER_HOUR",
                        defaults.reports_per_hour,
                    )?,
                    invitations_per_hour: parse_var(
                        &var,
                        "ATELIER_INVITATIONS_PER_HOUR",
                        defaults.invitations_per_hour,
                    )?,
                    theme_invitations_per_day: parse_var(
                        &var,
                        "ATELIER_THEME_INVITATIONS_PER_DAY",
                        defaults.theme_invitations_per_day,
                    )?,
                    mails_per_address_per_hour: parse_var(
                        &var,
                        "ATELIER_MAILS_PER_ADDRESS_PER_HOUR",
                        defaults.mails_per_address_per_hour,
                    )?,
                }
            },
            limits: {
                let defaults = app::ssr::state::Limits::default();
                app::ssr::state::Limits {
                    failures_per_account: parse_var(
                        &var,
                        "ATELIER_FAILURES_PER_ACCOUNT",
                        defaults.failures_per_account,
                    )?,
                    sign_ins_per_ip: parse_var(
                        &var,
                        "ATELIER_SIGN_INS_PER_IP",
                        defaults.sign_ins_per_ip,
                    )?,
                    sign_ups_per_ip: parse_var(
                        &var,
                        "ATELIER_SIGN_UPS_PER_IP",
                        defaults.sign_ups_per_ip,
                    )?,
                }
            },
        })
    }
}

fn parse_var<T: std::str::FromStr>(
    var: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: T,
) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    match var(name) {
        Some(value) if !value.trim().is_empty() => {
            value
                .trim()
                .parse()
                .map_err(|e: T::Err| ConfigError::Invalid {
                    name,
                    reason: e.to_string(),
                })
        }
        _ => Ok(default),
    }
}
