//! `dragoman serve`: its arguments, the checks before the server starts
//! (the memories open, tokens present off loopback), and `dragoman serve
//! token add|list|revoke`, the API tokens kept (hashed) in the memory
//! served first. The server itself is [`crate::serve`]; it does suggest
//! look-ups and imports through [`CommandDesk`], this module's
//! implementation of its [`Desk`] trait (the server sits below the
//! command line and so does not call its modules itself).

use crate::serve::auth::{Role, hash_hex, new_token};
use crate::serve::desk::{Desk, LookUp, References, Upload};
use dragoman::config::MemoryChoice;
use dragoman::memory::Memory;
use dragoman::text::printable;
use std::io::Write;
use std::process::ExitCode;

use crate::serve::{DEFAULT_LISTEN, DEFAULT_MAX_BODY, DEFAULT_MAX_UPLOAD, Options, needs_tokens};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

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
    crate::serve::run(options, memories, Arc::new(CommandDesk))?;
    Ok(ExitCode::SUCCESS)
}

/// The server's look-up and import, done as `suggest` and `import` do them.
struct CommandDesk;

impl Desk for CommandDesk {
    fn look_up(
        &self,
        opened: &[Memory],
        memories: &[MemoryChoice],
        text: &str,
        query: &LookUp,
        references: &References,
    ) -> anyhow::Result<serde_json::Value> {
        let query = dragoman::fuzzy::lookup::Query {
            src_lang: query.src_lang.clone(),
            tgt_lang: query.tgt_lang.clone(),
            min_score: query.min_score,
            limit: query.limit,
            superseded: false,
        };
        let segmenter = |lang: &dragoman::lang::Lang| Ok(dragoman::segment::Segmenter::new(lang));
        let answers = dragoman::fuzzy::lookup::look_up(
            opened,
            memories,
            text,
            Path::new("<request>"),
            &query,
            segmenter,
            &references.style,
            &references.glossary,
        )
        .map_err(super::suggest::with_flags)?;
        let results: Vec<_> = answers.iter().map(|a| a.shown(memories)).collect();
        Ok(serde_json::to_value(results)?)
    }

    fn import(&self, upload: Upload, memory: &Path) -> anyhow::Result<serde_json::Value> {
        let options = dragoman::formats::import::ImportOptions {
            src_lang: upload.src_lang,
            tgt_lang: upload.tgt_lang,
            all_targets: false,
            source_column: None,
            target_column: None,
            no_header: false,
            no_quotes: false,
            skip_bad: upload.skip_bad,
            include_unfinished: false,
            wait: std::time::Duration::from_secs(600),
            names: super::import::flag,
        };
        let body = Box::new(std::io::Cursor::new(upload.body));
        let progress = Arc::new(dragoman::formats::import::NoProgress);
        let report = dragoman::formats::import::import(&options, upload.name, body, memory, dragoman::fuzzy::index_keys(), progress)
            .map_err(super::import::reported)?;
        Ok(serde_json::to_value(report)?)
    }
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
