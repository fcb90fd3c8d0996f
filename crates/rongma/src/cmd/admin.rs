//! `rongma admin …`: account administration from the command line (the system acts as
//! the regulator). Passwords are read from standard input or generated, never taken as
//! arguments (they would land in shell history and process lists).

use crate::boot::{self, Common};
use anyhow::Context;
use rongma_app::accounts::{ApiKeyInput, UserInput};
use rongma_app::Actor;
use std::io::{BufRead, IsTerminal};

#[derive(clap::Args)]
pub struct AdminArgs {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: AdminCommand,
}

#[derive(clap::Subcommand)]
pub enum AdminCommand {
    /// Create a user. The password is read from stdin (one line) or generated and printed.
    CreateUser {
        #[arg(long)]
        username: String,
        /// regulator | reviewer | inspector | enterprise | lab
        #[arg(long)]
        role: String,
        #[arg(long)]
        display_name: Option<String>,
        /// Enterprise of an enterprise user.
        #[arg(long)]
        enterprise_id: Option<i64>,
        /// Lab of a lab user.
        #[arg(long)]
        lab_id: Option<i64>,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a user's password (read from stdin or generated) and end their sessions.
    ResetPassword {
        #[arg(long)]
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Create an API key for a platform or a lab; the key is printed once.
    CreateApiKey {
        #[arg(long)]
        name: String,
        /// platform | lab
        #[arg(long)]
        role: String,
        #[arg(long)]
        lab_id: Option<i64>,
    },
}

fn password(from_stdin: bool) -> anyhow::Result<(String, bool)> {
    if from_stdin {
        if std::io::stdin().is_terminal() {
            eprintln!("Password (then Enter):");
        }
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from stdin")?;
        Ok((line.trim_end_matches(['\r', '\n']).to_owned(), false))
    } else {
        Ok((rongma_app::auth::random_token(12), true))
    }
}

pub async fn run(args: AdminArgs) -> anyhow::Result<()> {
    let app = boot::app(boot::settings(&args.common)?).await?;
    let system = Actor::system("cli");
    let result = match args.command {
        AdminCommand::CreateUser {
            username,
            role,
            display_name,
            enterprise_id,
            lab_id,
            password_stdin,
        } => {
            let (pw, generated) = password(password_stdin)?;
            let input = UserInput {
                display_name: Some(display_name.unwrap_or_else(|| username.clone())),
                username: Some(username),
                password: Some(pw.clone()),
                role: Some(role),
                enterprise_id,
                lab_id,
            };
            app.create_user(&system, input).await.map(|u| {
                println!("created user {} (id {}, {})", u.username, u.id, u.role);
                if generated {
                    println!("password: {pw}");
                }
            })
        }
        AdminCommand::ResetPassword {
            username,
            password_stdin,
        } => {
            let (pw, generated) = password(password_stdin)?;
            app.reset_password(&system, &username, &pw).await.map(|()| {
                println!("password of {username} reset; their sessions have ended");
                if generated {
                    println!("password: {pw}");
                }
            })
        }
        AdminCommand::CreateApiKey { name, role, lab_id } => app
            .create_api_key(
                &system,
                ApiKeyInput {
                    name: Some(name),
                    role: Some(role),
                    lab_id,
                },
            )
            .await
            .map(|k| {
                println!(
                    "created API key {} (id {}, {})",
                    k.key.name, k.key.id, k.key.role
                );
                println!("key (shown once): {}", k.secret);
            }),
    };
    app.store().close().await;
    result.map_err(|e| match e {
        rongma_app::AppError::Validation(f) | rongma_app::AppError::Conflict(f) => {
            anyhow::anyhow!("{f}")
        }
        other => anyhow::anyhow!(other),
    })
}
