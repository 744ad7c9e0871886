//! `server admin create`: the first admin, from the command line.

use crate::support;

use app::{
    error::ValidationCode,
    ssr::passwords::{Passwords, Verification},
};
use secrecy::{ExposeSecret, SecretString};
use server::admin::{AdminError, create_admin};
use sqlx::PgPool;

async fn stored(pool: &PgPool, email: &str) -> (String, String, String) {
    sqlx::query_as("select role, display_name, password_hash from users where email = $1::citext")
        .bind(email)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn audit_rows(pool: &PgPool) -> i64 {
    sqlx::query_scalar("select count(*) from audit_log where action = 'admin.created'")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn an_admin_is_created_with_a_hashed_password_and_audited(pool: PgPool) {
    let password = SecretString::from("la coopérative du mardi soir".to_owned());
    let created = create_admin(
        &pool,
        "Camille@Example.org",
        " Camille  Durand ",
        Some(password.clone()),
    )
    .await
    .unwrap();
    assert!(created.generated_password.is_none());
    let (role, name, hash) = stored(&pool, "camille@example.org").await;
    assert_eq!((role.as_str(), name.as_str()), ("admin", "Camille Durand"));
    assert!(hash.starts_with("$argon2id$"), "only a hash is stored");
    let verified = Passwords::new(1).verify(password, Some(hash)).await;
    assert_eq!(
        verified,
        Ok(Verification::Valid {
            needs_rehash: false
        })
    );
    let subject: Option<uuid::Uuid> =
        sqlx::query_scalar("select subject_id from audit_log where action = 'admin.created'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(subject, Some(created.id));
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn without_a_password_one_is_generated_returned_once_and_works(pool: PgPool) {
    let created = create_admin(&pool, "admin@example.org", "Admin", None)
        .await
        .unwrap();
    let password = created.generated_password.expect("a generated password");
    assert!(password.expose_secret().len() >= 32);
    let (_, _, hash) = stored(&pool, "admin@example.org").await;
    let verified = Passwords::new(1).verify(password, Some(hash)).await;
    assert_eq!(
        verified,
        Ok(Verification::Valid {
            needs_rehash: false
        })
    );
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn an_email_taken_in_any_letter_case_is_refused_and_nothing_is_written(pool: PgPool) {
    create_admin(&pool, "camille@example.org", "Camille", None)
        .await
        .unwrap();
    let again = create_admin(&pool, "CAMILLE@example.org", "Autre", None).await;
    assert!(matches!(again, Err(AdminError::EmailTaken)), "{again:?}");
    assert_eq!(audit_rows(&pool).await, 1);
}

#[sqlx::test(migrator = "app::ssr::db::MIGRATOR")]
async fn bad_input_is_refused_with_the_reason_and_nothing_is_written(pool: PgPool) {
    let weak = SecretString::from("motdepasse".to_owned());
    let cases = [
        (
            "pas-un-email",
            "Camille",
            None,
            "--email",
            ValidationCode::EmailInvalid,
        ),
        (
            "c@example.org",
            "   ",
            None,
            "--name",
            ValidationCode::DisplayNameRequired,
        ),
        (
            "c@example.org",
            "Camille",
            Some(weak),
            "password",
            ValidationCode::PasswordTooGuessable,
        ),
    ];
    for (email, name, password, expected_field, expected_code) in cases {
        match create_admin(&pool, email, name, password).await {
            Err(AdminError::Invalid { field, code }) => {
                assert_eq!((field, code), (expected_field, expected_code));
            }
            other => panic!("{email} {name}: {other:?}"),
        }
    }
    let users: i64 = sqlx::query_scalar("select count(*) from users")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!((users, audit_rows(&pool).await), (0, 0));
}

#[test]
fn the_command_line_creates_an_admin_from_a_password_on_standard_input() {
    use std::io::Write;
    support::on_server_runtime(async {
        let database = support::FreshDatabase::create().await;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args([
                "admin",
                "create",
                "--email",
                "dominique@example.org",
                "--name",
                "Dominique",
                "--password-stdin",
            ])
            .env("DATABASE_URL", &database.url)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the server binary starts");
        child
            .stdin
            .take()
            .expect("a stdin pipe")
            .write_all("une phrase pour dominique\n".as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{stdout} {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            stdout.contains("Admin account created for dominique@example.org"),
            "{stdout}"
        );
        assert!(
            !stdout.contains("une phrase pour dominique"),
            "a typed password is never echoed"
        );
        let (role, _, hash) = stored(&database.pool, "dominique@example.org").await;
        assert_eq!(role, "admin");
        let password = SecretString::from("une phrase pour dominique".to_owned());
        let verified = Passwords::new(1).verify(password, Some(hash)).await;
        assert_eq!(
            verified,
            Ok(Verification::Valid {
                needs_rehash: false
            })
        );
        database.drop().await;
    });
}

#[test]
fn the_demo_command_creates_one_admin_on_a_fresh_database_and_then_leaves_it_alone() {
    support::on_server_runtime(async {
        let database = support::FreshDatabase::create().await;
        let run = || {
            std::process::Command::new(env!("CARGO_BIN_EXE_server"))
                .args(["admin", "demo"])
                .env("DATABASE_URL", &database.url)
                .output()
                .expect("the server binary runs")
        };
        let first = run();
        let stdout = String::from_utf8_lossy(&first.stdout).into_owned();
        assert!(first.status.success(), "{stdout}");
        assert!(stdout.contains("admin@atelier.localhost"), "{stdout}");
        let password = stdout
            .lines()
            .find_map(|line| line.trim().strip_prefix("password: "))
            .expect("the password is printed")
            .trim()
            .to_owned();
        let (role, _, hash) = stored(&database.pool, "admin@atelier.localhost").await;
        assert_eq!(role, "admin");
        let verified = Passwords::new(1)
            .verify(SecretString::from(password), Some(hash))
            .await;
        assert_eq!(
            verified,
            Ok(Verification::Valid {
                needs_rehash: false
            })
        );

        let second = run();
        let stdout = String::from_utf8_lossy(&second.stdout).into_owned();
        assert!(second.status.success(), "{stdout}");
        assert!(stdout.contains("exists already"), "{stdout}");
        assert!(!stdout.contains("password:"), "{stdout}");
        let admins: i64 = sqlx::query_scalar("select count(*) from users where role = 'admin'")
            .fetch_one(&database.pool)
            .await
            .unwrap();
        assert_eq!(admins, 1);
        database.drop().await;
    });
}
