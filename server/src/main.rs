//! Atelier's server: `server` serves the site (see the README for its environment variables).

use server::{config::Config, startup, telemetry};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    telemetry::init();
    telemetry::init_executor();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            tracing::error!(%error, "invalid configuration");
            return std::process::ExitCode::FAILURE;
        }
    };
    match startup::run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = %error, "server stopped on an error");
            std::process::ExitCode::FAILURE
        }
    }
}
