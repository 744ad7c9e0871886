//! How many password verifications per second this machine sustains with Atelier's settings
//! (argon2id, 19 MiB, t=2, p=1), and what happens when more arrive than there are permits.
//! Run by `make bench`; prints figures, asserts nothing.

use app::ssr::passwords::{Passwords, Verification};
use secrecy::SecretString;
use std::time::Instant;

#[tokio::main]
async fn main() {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let setup = Passwords::new(1);
    let hash = match setup.hash(secret()).await {
        Ok(hash) => hash,
        Err(error) => {
            eprintln!("hashing failed: {error}");
            return;
        }
    };

    println!("password verification (argon2id m=19456 t=2 p=1), {cores} cores");
    for permits in [1, cores, cores * 2] {
        let passwords = Passwords::new(permits);
        let total = 40 * permits;
        let started = Instant::now();
        let mut done = 0;
        for _ in 0..total / permits {
            let batch: Vec<_> = (0..permits)
                .map(|_| spawn_verify(&passwords, &hash))
                .collect();
            for task in batch {
                if let Ok(Ok(Verification::Valid { .. })) = task.await {
                    done += 1;
                }
            }
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "  {permits:>2} permits: {done} verifications in {seconds:.2} s = {:.1}/s, {:.1} ms each",
            f64::from(done) / seconds,
            seconds * 1000.0 * permits as f64 / f64::from(done.max(1))
        );
    }

    // A burst larger than the permits: the excess is refused at once, not queued.
    let passwords = Passwords::new(cores);
    let burst: Vec<_> = (0..64).map(|_| spawn_verify(&passwords, &hash)).collect();
    let mut refused = 0;
    for task in burst {
        if let Ok(Err(_)) = task.await {
            refused += 1;
        }
    }
    println!("  burst of 64 with {cores} permits: {refused} refused as 'too many requests'");
}

/// One verification of the benchmark password against `hash`, on its own task.
fn spawn_verify(
    passwords: &Passwords,
    hash: &str,
) -> tokio::task::JoinHandle<Result<Verification, app::error::AppError>> {
    let (passwords, hash) = (passwords.clone(), hash.to_owned());
    tokio::spawn(async move { passwords.verify(secret(), Some(hash)).await })
}

fn secret() -> SecretString {
    SecretString::from("une phrase de passe pour mesurer".to_owned())
}
