//! Invitations to a thème: stored with their token hashed, read back when the link is opened.

use super::*;

/// A pending invitation, as the members page lists it.
#[derive(Debug, Clone)]
pub struct InvitationRow {
    /// The address invited.
    pub email: String,
    /// The role offered.
    pub role: ThemeRole,
    /// Until when the link works.
    pub expires_at: OffsetDateTime,
}

/// Stores an invitation valid for `days`.
pub async fn insert_invitation(
    tx: &mut Transaction<'_, Postgres>,
    theme_id: Uuid,
    email: &str,
    role: ThemeRole,
    token_hash: &[u8],
    invited_by: Uuid,
    days: i32,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        r#"
        insert into invitations (id, theme_id, email, role, token_hash, invited_by, expires_at)
        values ($1, $2, $3::text::citext, $4, $5, $6, now() + make_interval(days => $7))
        "#,
        Uuid::new_v4(),
        theme_id,
        email,
        role.as_str(),
        token_hash,
        invited_by,
        days,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Invitations of a thème not yet accepted nor expired, newest first.
pub async fn pending_invitations(
    pool: &PgPool,
    theme_id: Uuid,
) -> Result<Vec<InvitationRow>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_as!(
        InvitationRow,
        r#"
        select email::text as "email!", role as "role: ThemeRole", expires_at from invitations
        where theme_id = $1 and accepted_at is null and expires_at > now()
        order by created_at desc
        "#,
        theme_id,
    )
    .fetch_all(pool)
    .await
}

/// What an invitation link offers, if it is still usable.
#[derive(Debug, Clone)]
pub struct OpenInvitation {
    /// The invitation.
    pub id: Uuid,
    /// The thème.
    pub theme_id: Uuid,
    /// Its number.
    pub number: i32,
    /// Its title.
    pub title: String,
    /// The role offered.
    pub role: ThemeRole,
    /// The address it was sent to: only that address's account may accept it.
    pub email: String,
}

/// The usable invitation with this token hash; with `lock`, in `tx` and locked for accepting.
pub async fn open_invitation(
    tx: &mut Transaction<'_, Postgres>,
    token_hash: &[u8],
) -> Result<Option<OpenInvitation>, sqlx::Error> {
    // language=PostgreSQL
    sqlx::query_as!(
        OpenInvitation,
        r#"
        select i.id, i.theme_id, t.number, t.title, i.role as "role: ThemeRole",
               i.email::text as "email!"
        from invitations i join themes t on t.id = i.theme_id
        where i.token_hash = $1 and i.accepted_at is null and i.expires_at > now()
        for update of i
        "#,
        token_hash,
    )
    .fetch_optional(&mut **tx)
    .await
}

/// Marks an invitation accepted by `user_id`.
pub async fn accept_invitation(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    user_id: Uuid,
) -> Result<(), sqlx::Error> {
    // language=PostgreSQL
    sqlx::query!(
        "update invitations set accepted_at = now(), accepted_by = $2 where id = $1",
        id,
        user_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
