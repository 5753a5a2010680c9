//! The web app and JSON API (`serve`, `demo`), its users (`user add|token|list`).
//!
//! ```text
//! $ dossier demo                          # example reports + events into a fresh KB, served
//! dossier: serving /tmp/.tmpX/demo.db on http://127.0.0.1:8080/ (Ctrl-C to stop)
//! $ dossier --db kb.db serve --addr 127.0.0.1:9000
//! $ echo 'secret' | dossier --db kb.db user add amina --role analyst
//! ```
//!
//! The server lives in `web/`: `server` (routes, security headers, the front that writes
//! cached answers before the router), `pages`, `profile`,
//! `source_view` (HTML, written with the escaping writer of `html`), `auth` (sessions, tokens,
//! CSRF), `gather` (reads across sources), `state` (connection pool, answer cache, failures).

mod api;
mod auth;
mod demo;
mod gather;
mod graph;
mod html;
mod map;
mod pages;
mod profile;
mod review;
mod server;
mod source_view;
mod state;

use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use dossier_model::Vocabulary;

pub use api::document as openapi_document;
pub use html::{Html, escape, safe_href};
pub use map::BriefMap;
pub use server::{CSP, router};
pub use state::App;

/// The subcommands this module answers; flattened into the top-level command line.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app and the JSON API over the knowledge base (--db).
    Serve(ServeArgs),
    /// Build a knowledge base from the bundled example reports and events, and serve it.
    Demo(DemoArgs),
    /// Web users: add one (password read from stdin), make an API token, list them.
    #[command(subcommand)]
    User(UserCommand),
    /// Draw the events of the knowledge base on a map, as an SVG file.
    Map(map::MapArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Build the demo knowledge base in this file (kept) instead of a temporary one.
    #[arg(long)]
    pub into: Option<PathBuf>,
    /// Only build the knowledge base, do not serve it.
    #[arg(long, requires = "into")]
    pub build_only: bool,
    /// The folder holding `reports/` and `events.csv` (default: the repository's `examples/`).
    #[arg(long)]
    pub examples: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user, or change their role and password. The password is read from stdin.
    Add {
        name: String,
        #[arg(long, value_parser = ["viewer", "analyst", "admin"])]
        role: String,
    },
    /// Print a new API token for a user (send it as `Authorization: Bearer TOKEN`).
    Token { name: String },
    /// List the users.
    List,
}

/// Runs one of this module's subcommands.
pub fn run(db: &Path, command: Command, vocabulary: Vocabulary) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve(args) => {
            server::serve(App::new(db.to_path_buf(), vocabulary)?, &args.addr)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo(args) => demo::run(&args, vocabulary),
        Command::User(command) => user(db, command),
        Command::Map(args) => {
            let n = map::write(&App::new(db.to_path_buf(), vocabulary)?, &args)?;
            eprintln!("{n} event(s) drawn into {}", args.out.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn user(db: &Path, command: UserCommand) -> anyhow::Result<ExitCode> {
    let store = crate::kb::open(db)?;
    match command {
        UserCommand::Add { name, role } => {
            let name = name.trim();
            if name.is_empty() || name.len() > 64 || name.chars().any(char::is_control) {
                anyhow::bail!("a user name is 1 to 64 characters, without control characters");
            }
            if std::io::stdin().is_terminal() {
                eprint!("password for {name} (shown as you type): ");
            }
            let mut password = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut password)
                .context("cannot read the password from stdin")?;
            let password = password.trim_end_matches(['\n', '\r']);
            if password.chars().count() < 8 {
                anyhow::bail!("the password must have at least 8 characters");
            }
            let phc = auth::hash_password(password)?;
            let id = store.add_user(name, &role, &phc)?;
            store.audit(
                "cli",
                "user add",
                Some(name),
                Some(&format!("{{\"role\":\"{role}\"}}")),
            )?;
            println!("user {name} ({role}), id {id}");
        }
        UserCommand::Token { name } => {
            let Some((id, _, _)) = store.user_password(&name)? else {
                anyhow::bail!("there is no user {name} (add one with `dossier user add`)");
            };
            let secret = auth::random_token();
            store.add_session(id, &auth::sha256_hex(&secret), "token", "", None)?;
            store.audit("cli", "user token", Some(&name), None)?;
            println!("{secret}");
        }
        UserCommand::List => {
            for u in store.users()? {
                println!("{:<24} {:<8} {}", u.name, u.role, u.created_at);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
