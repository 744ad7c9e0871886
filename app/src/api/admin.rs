//! Administration: site roles and the audit log. Admins only, checked on the server.

#[cfg(feature = "ssr")]
use crate::domain::notice::Done;
#[cfg(feature = "ssr")]
use crate::domain::urls;
use crate::{domain::Role, error::AppError};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn as _;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// One account in the administration list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserEntry {
    /// Its id.
    pub id: Uuid,
    /// Its name.
    pub display_name: String,
    /// Its e-mail.
    pub email: String,
    /// Its site role.
    pub role: Role,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Its position in the log.
    pub id: i64,
    /// When.
    pub at: OffsetDateTime,
    /// Who (None: the command line, or a deleted account).
    pub actor: Option<String>,
    /// What, as a code the page translates (`role.granted`…).
    pub action: String,
    /// About whom, if anyone.
    pub subject: Option<String>,
    /// Details, such as the role concerned.
    pub detail: Option<String>,
}

/// What the administration page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminView {
    /// Accounts matching the search, admins and moderators first (at most 200).
    pub users: Vec<UserEntry>,
    /// The latest audit entries, newest first (at most 100).
    pub audit: Vec<AuditEntry>,
}

/// The administration page: accounts (filtered by `query`) and the audit log.
#[server(endpoint = "admin/get")]
pub async fn get_admin(#[server(default)] query: String) -> Result<AdminView, AppError> {
    server::view(&query).await
}

/// Grants (`moderator = true`) or revokes the moderator role of `user_id`. Admins keep their role.
#[server(endpoint = "admin/set-moderator")]
pub async fn set_moderator(user_id: String, moderator: bool) -> Result<(), AppError> {
    let result = server::set_moderator(&user_id, moderator).await;
    crate::ssr::forms::finish(
        result,
        SetModerator::PATH,
        &[],
        Some(&urls::notice("/admin", Done::Role)),
    )
}

#[cfg(feature = "ssr")]
mod server {
    use super::{AdminView, AuditEntry, UserEntry};
    use crate::{
        domain::Role,
        error::AppError,
        ssr::{auth::current_admin, db::users, state::AppState},
    };
    use uuid::Uuid;

    pub async fn view(query: &str) -> Result<AdminView, AppError> {
        let state = AppState::from_context()?;
        current_admin().await?;
        let query: String = query.chars().take(100).collect();
        let users = users::search(&state.pool, &query, 200)
            .await?
            .into_iter()
            .map(|user| UserEntry {
                id: user.id,
                display_name: user.display_name,
                email: user.email,
                role: user.role,
            })
            .collect();
        let audit = users::audit_log(&state.pool, 100)
            .await?
            .into_iter()
            .map(|row| AuditEntry {
                id: row.id,
                at: row.at,
                actor: row.actor,
                action: row.action,
                subject: row.subject,
                detail: row.role,
            })
            .collect();
        Ok(AdminView { users, audit })
    }

    pub async fn set_moderator(user_id: &str, moderator: bool) -> Result<(), AppError> {
        let state = AppState::from_context()?;
        let admin = current_admin().await?;
        let user_id = Uuid::parse_str(user_id.trim()).map_err(|_| AppError::NotFound)?;
        let target = users::find(&state.pool, user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if target.role == Role::Admin {
            // Admins are named on the command line; this page does not demote them.
            return Err(AppError::Forbidden);
        }
        let role = if moderator {
            Role::Moderator
        } else {
            Role::Member
        };
        if target.role == role {
            return Ok(());
        }
        let mut tx = state.pool.begin().await?;
        let previous = users::set_role(&mut tx, user_id, role)
            .await?
            .ok_or(AppError::NotFound)?;
        let action = if moderator {
            "role.granted"
        } else {
            "role.revoked"
        };
        users::audit(
            &mut tx,
            Some(admin.id),
            action,
            Some(user_id),
            serde_json::json!({ "role": "moderator", "previous": previous.as_str() }),
        )
        .await?;
        tx.commit().await?;
        tracing::info!(admin_id = %admin.id, %user_id, moderator, "site role changed");
        Ok(())
    }
}
