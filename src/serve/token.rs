//! `dragoman serve token add|list|revoke`: the API tokens kept (hashed)
//! in the memory served first.

use super::auth::{Role, hash_hex, new_token};
use crate::cli::settings::MemoryChoice;
use crate::cli::terminal::printable;
use std::io::Write;
use std::process::ExitCode;

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
        format: crate::cli::OutputFormat,
    },
    /// Revoke a token: it stops working at once.
    Revoke { name: String },
}

pub fn run(command: Command, memory: &MemoryChoice) -> anyhow::Result<ExitCode> {
    let Command::Token(command) = command;
    let mut out = crate::cli::stdout();
    match command {
        TokenCommand::Add { name, role } => {
            let name = name.trim();
            if name.is_empty() || name.chars().any(|c| c.is_control()) {
                anyhow::bail!("token add: the name must be a word or two, without control characters");
            }
            let mut opened = crate::cli::open_memory(&memory.location)?;
            let token = new_token();
            opened.add_token(name, role.as_str(), &hash_hex(&token))?;
            writeln!(out, "{token}")?;
            eprintln!("dragoman: token '{}' ({}) added; it is shown only this once", printable(name), role.as_str());
        }
        TokenCommand::List { format } => {
            let opened = crate::cli::open_memory_for_reading(&memory.location)?;
            let tokens = opened.tokens()?;
            match format {
                crate::cli::OutputFormat::Json => crate::cli::json_line(&mut out, &tokens)?,
                crate::cli::OutputFormat::Text => {
                    for token in &tokens {
                        let revoked = token.revoked_at.as_deref().map(|at| format!("  revoked {}", printable(at))).unwrap_or_default();
                        writeln!(out, "{}  {}  {}{revoked}", printable(&token.name), printable(&token.role), printable(&token.created_at))?;
                    }
                }
            }
        }
        TokenCommand::Revoke { name } => {
            let mut opened = crate::cli::open_existing_memory(&memory.location)?;
            if !opened.revoke_token(&name)? {
                anyhow::bail!("token revoke: no token named '{}' that is not already revoked", printable(&name));
            }
            writeln!(out, "token '{}' revoked", printable(&name))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
