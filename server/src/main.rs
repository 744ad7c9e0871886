//! Atelier's server.
//!
//! `server` (or `server serve`) serves the site; `server admin create --email … --name …` creates
//! an admin account (password from standard input with `--password-stdin`, otherwise generated
//! and printed once). See the README for the environment variables.

use clap::{Parser, Subcommand};
use secrecy::{ExposeSecret, SecretString};
use server::{admin, config::Config, startup, telemetry};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "server",
    about = "Atelier, the working-group space of Le Labo de l'ESS"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (the default).
    Serve,
    /// Administration tasks.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an admin account.
    Create {
        /// The admin's e-mail.
        #[arg(long)]
        email: String,
        /// The admin's display name.
        #[arg(long)]
        name: String,
        /// Read the password from the first line of standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Create a demonstration admin (admin@atelier.localhost, generated password printed once)
    /// when the database has no admin yet; otherwise say so and change nothing.
    Demo,
}

#[tokio::main]
async fn main() -> ExitCode {
    telemetry::init();
    telemetry::init_executor();
    app::plural_rules::install();
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            tracing::error!(%error, "invalid configuration");
            return ExitCode::FAILURE;
        }
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => match startup::run(config).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                tracing::error!(error = %error, "server stopped on an error");
                ExitCode::FAILURE
            }
        },
        Command::Admin {
            command:
                AdminCommand::Create {
                    email,
                    name,
                    password_stdin,
                },
        } => create_admin(config, &email, &name, password_stdin).await,
        Command::Admin {
            command: AdminCommand::Demo,
        } => demo_admin(config).await,
    }
}

/// The demonstration admin's e-mail.
const DEMO_EMAIL: &str = "admin@atelier.localhost";

async fn demo_admin(config: Config) -> ExitCode {
    let pool = match startup::prepare_database(&config).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    match admin::has_admin(&pool).await {
        Ok(true) => {
            println!("An admin account exists already: no demo admin created.");
            return ExitCode::SUCCESS;
        }
        Ok(false) => {}
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    }
    match admin::create_admin(&pool, DEMO_EMAIL, "Admin (démo)", None).await {
        Ok(created) => {
            let password = created
                .generated_password
                .map(|password| password.expose_secret().to_owned())
                .unwrap_or_default();
            println!("Demo admin / administrateur de démonstration:");
            println!("  e-mail:   {DEMO_EMAIL}");
            println!("  password: {password}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("demo admin not created: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn create_admin(config: Config, email: &str, name: &str, password_stdin: bool) -> ExitCode {
    let password = if password_stdin {
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line).is_err() {
            eprintln!("could not read the password from standard input");
            return ExitCode::FAILURE;
        }
        Some(SecretString::from(
            line.trim_end_matches(['\r', '\n']).to_owned(),
        ))
    } else {
        None
    };
    let pool = match startup::prepare_database(&config).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    match admin::create_admin(&pool, email, name, password).await {
        Ok(created) => {
            println!("Admin account created for {email} (id {}).", created.id);
            if let Some(password) = created.generated_password {
                println!(
                    "Its password, shown this once: {}",
                    password.expose_secret()
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("admin not created: {error}");
            ExitCode::FAILURE
        }
    }
}
