//! `dragoman serve`: its arguments, the checks before the server starts
//! (the memories open, tokens present off loopback), and `dragoman serve
//! token add|list|revoke`, the API tokens kept (hashed) in the memory
//! served first. The server itself is [`crate::serve`].

use crate::serve::auth::{Role, hash_hex, new_token};
use dragoman::config::MemoryChoice;
use dragoman::text::printable;
use std::io::Write;
use std::process::ExitCode;

use crate::serve::{DEFAULT_LISTEN, DEFAULT_MAX_BODY, DEFAULT_MAX_UPLOAD, Options, needs_tokens};
use std::net::SocketAddr;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// Address and port to listen on. Any address other than loopback
    /// needs API tokens (`dragoman serve token add`).
    #[arg(long, default_value = DEFAULT_LISTEN)]
    listen: SocketAddr,
    /// Largest request body in bytes (larger: 413).
    #[arg(long, default_value_t = DEFAULT_MAX_BODY)]
    max_body: usize,
    /// Largest import upload in bytes (larger: 413).
    #[arg(long, default_value_t = DEFAULT_MAX_UPLOAD)]
    max_upload: usize,
    /// Allow cross-origin requests from this origin (e.g.
    /// https://cat.example.org); without it CORS is off.
    #[arg(long, value_name = "ORIGIN")]
    cors_origin: Vec<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

/// Runs `dragoman serve` (or its `token` subcommands) on `memories`.
pub fn run(args: Args, memories: &[MemoryChoice]) -> anyhow::Result<ExitCode> {
    if let Some(command) = args.command {
        return run_token(command, &memories[0]);
    }
    // the first memory takes writes: create it if there is none yet
    drop(super::open_memory(&memories[0].location)?);
    for choice in memories {
        drop(super::open_memory_for_queries(&choice.location)?);
    }
    if needs_tokens(&args.listen) {
        let memory = super::open_memory_for_reading(&memories[0].location)?;
        if memory.tokens()?.iter().all(|t| t.revoked_at.is_some()) {
            anyhow::bail!(
                "{}: listening on {} (not loopback) needs API tokens and the memory has none; add one with `dragoman serve token add NAME --role reader`",
                dragoman::memory::shown_location(&memories[0].location),
                args.listen
            );
        }
    }
    let options = Options { listen: args.listen, max_body: args.max_body, max_upload: args.max_upload, cors_origins: args.cors_origin };
    crate::serve::run(options, memories)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// API tokens for a server listening off loopback.
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Debug, clap::Subcommand)]
pub enum TokenCommand {
    /// Make a token; it is printed once (the memory keeps only its hash).
    Add {
        /// A name for whoever gets it (shown as who made changes).
        name: String,
        #[arg(long, value_enum)]
        role: Role,
    },
    /// The tokens: name, role, when made, when revoked.
    List {
        #[arg(long, value_enum, default_value_t)]
        format: super::OutputFormat,
    },
    /// Revoke a token: it stops working at once.
    Revoke { name: String },
}

fn run_token(command: Command, memory: &MemoryChoice) -> anyhow::Result<ExitCode> {
    let Command::Token(command) = command;
    let mut out = super::stdout();
    match command {
        TokenCommand::Add { name, role } => {
            let name = name.trim();
            if name.is_empty() || name.chars().any(|c| c.is_control()) {
                anyhow::bail!("token add: the name must be a word or two, without control characters");
            }
            let mut opened = super::open_memory(&memory.location)?;
            let token = new_token();
            opened.add_token(name, role.as_str(), &hash_hex(&token))?;
            writeln!(out, "{token}")?;
            eprintln!("dragoman: token '{}' ({}) added; it is shown only this once", printable(name), role.as_str());
        }
        TokenCommand::List { format } => {
            let opened = super::open_memory_for_reading(&memory.location)?;
            let tokens = opened.tokens()?;
            match format {
                super::OutputFormat::Json => super::json_line(&mut out, &tokens)?,
                super::OutputFormat::Text => {
                    for token in &tokens {
                        let revoked = token.revoked_at.as_deref().map(|at| format!("  revoked {}", printable(at))).unwrap_or_default();
                        writeln!(out, "{}  {}  {}{revoked}", printable(&token.name), printable(&token.role), printable(&token.created_at))?;
                    }
                }
            }
        }
        TokenCommand::Revoke { name } => {
            let mut opened = super::open_existing_memory(&memory.location)?;
            if !opened.revoke_token(&name)? {
                anyhow::bail!("token revoke: no token named '{}' that is not already revoked", printable(&name));
            }
            writeln!(out, "token '{}' revoked", printable(&name))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
