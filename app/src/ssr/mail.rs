//! Outgoing e-mail: SMTP in production, files in development and tests.
//!
//! With `ATELIER_SMTP_URL` set (e.g. `smtps://user:password@smtp.example.org` or
//! `smtp://host:587?tls=required`), mail goes through that relay; otherwise each message is written
//! as an `.eml` file in a folder (`ATELIER_MAIL_DIR`, by default `.mail/` in the checkout, which
//! git ignores), where a developer or a test reads it.

use lettre::{
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Body, Mailbox, SinglePart, header::ContentTransferEncoding, header::ContentType},
};
use std::path::{Path, PathBuf};

/// Where mail goes.
#[derive(Clone)]
enum Transport {
    Files(PathBuf, AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// Sends Atelier's e-mails.
#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The SMTP URL may hold a password: only the kind of transport is printed.
        let kind = match &self.transport {
            Transport::Files(dir, _) => format!("files in {}", dir.display()),
            Transport::Smtp(_) => "smtp".to_owned(),
        };
        f.debug_struct("Mailer").field("transport", &kind).finish()
    }
}

/// The mailer could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    /// The sender address does not parse.
    #[error("invalid sender address: {0}")]
    From(String),
    /// The SMTP URL does not parse.
    #[error("invalid SMTP URL")]
    SmtpUrl,
    /// The mail folder cannot be created.
    #[error("cannot create the mail folder {0}: {1}")]
    Folder(String, std::io::Error),
}

/// One message to send.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The recipient's address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
}

impl Mailer {
    /// Writes mail as files in `dir` (created if missing).
    pub fn files(dir: impl AsRef<Path>, from: &str) -> Result<Self, MailSetupError> {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(&dir)
            .map_err(|error| MailSetupError::Folder(dir.display().to_string(), error))?;
        Ok(Self {
            transport: Transport::Files(dir.clone(), AsyncFileTransport::new(dir)),
            from: parse_from(from)?,
        })
    }

    /// Sends mail through the SMTP relay at `url`.
    pub fn smtp(url: &str, from: &str) -> Result<Self, MailSetupError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|_| MailSetupError::SmtpUrl)?
            .build();
        Ok(Self {
            transport: Transport::Smtp(transport),
            from: parse_from(from)?,
        })
    }

    /// The folder mail is written to, when it goes to files.
    pub fn folder(&self) -> Option<&Path> {
        match &self.transport {
            Transport::Files(dir, _) => Some(dir),
            Transport::Smtp(_) => None,
        }
    }

    /// Sends `mail`. Failures are logged (without the body, which may hold a link) and returned.
    pub async fn send(&self, mail: Mail) -> Result<(), ()> {
        let to: Mailbox = mail.to.parse().map_err(|error| {
            tracing::warn!(%error, "unusable recipient address");
        })?;
        let body = eight_bit(&mail.body)
            .ok_or_else(|| tracing::error!("an e-mail body cannot be sent as 8bit"))?;
        let body = SinglePart::builder()
            .header(ContentType::TEXT_PLAIN)
            .body(body);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject)
            .singlepart(body)
            .map_err(|error| tracing::error!(%error, "cannot build an e-mail"))?;
        let sent = match &self.transport {
            Transport::Files(_, transport) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|error| error.to_string()),
            Transport::Smtp(transport) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|error| error.to_string()),
        };
        sent.map_err(|error| tracing::error!(%error, "sending an e-mail failed"))
    }
}

/// `text` as an 8bit body: CRLF line ends, and refused when a line exceeds RFC 5322's 998 bytes or
/// holds a NUL. (lettre's own choice switches to quoted-printable past 76 characters, which would
/// fold links across lines and escape their `=`.)
fn eight_bit(text: &str) -> Option<Body> {
    let text = text.replace("\r\n", "\n").replace('\r', "");
    if text.contains('\0') || text.lines().any(|line| line.len() > 998) {
        return None;
    }
    let crlf = text.replace('\n', "\r\n");
    Some(Body::dangerous_pre_encoded(
        crlf.into_bytes(),
        ContentTransferEncoding::EightBit,
    ))
}

fn parse_from(from: &str) -> Result<Mailbox, MailSetupError> {
    from.parse()
        .map_err(|_| MailSetupError::From(from.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_mail_written_to_a_file_keeps_its_link_whole_and_its_accents_readable() {
        let dir = std::env::temp_dir().join(format!("atelier-mail-test-{}", uuid::Uuid::new_v4()));
        let mailer = Mailer::files(&dir, "Atelier <atelier@localhost>").expect("a mail folder");
        let link = format!(
            "http://127.0.0.1:3000/signup/confirm?token={}",
            "x".repeat(43)
        );
        let sent = mailer
            .send(Mail {
                to: "camille@example.org".to_owned(),
                subject: "Confirmez la création".to_owned(),
                body: format!("Bonjour,\n\nOuvrez ce lien (valable 24 heures) :\n\n{link}\n"),
            })
            .await;
        assert_eq!(sent, Ok(()));
        let files: Vec<_> = std::fs::read_dir(&dir)
            .expect("the folder exists")
            .filter_map(Result::ok)
            .collect();
        assert_eq!(files.len(), 1);
        let text = std::fs::read_to_string(files[0].path()).expect("a text file");
        assert!(text.contains(&link), "{text}");
        assert!(text.contains("valable 24 heures"), "{text}");
        assert!(text.contains("To: camille@example.org"), "{text}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_body_with_an_overlong_line_is_refused_rather_than_sent_broken() {
        assert!(eight_bit(&"a".repeat(999)).is_none());
        assert!(eight_bit("fine\nlines").is_some());
    }
}
