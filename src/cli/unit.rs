//! `dragoman unit`: one stored unit, shown and corrected by hand (show,
//! edit, delete, restore, history; issue 11 part 4). Every correction is
//! recorded with its author (the configured `author`, else `USER`) and
//! the text the unit had before, and can be undone: a deleted unit is
//! restored whole, with its id.

use super::terminal::printable;
use super::{OutputFormat, json_line, open_existing_memory, open_memory_for_reading, stdout};
use dragoman::memory::Unit;
use dragoman::memory::corrections::HistoryEntry;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Show a unit: text, languages, provenance.
    Show(Shown),
    /// Replace a unit's target (and source); the old text goes to its history.
    Edit(Edit),
    /// Delete a unit: no longer suggested, found or exported (restore brings it back).
    Delete(Shown),
    /// Bring a deleted unit back as it was.
    Restore(Shown),
    /// What was done to a unit by hand: who, when, the text before.
    History(Shown),
}

#[derive(Debug, clap::Args)]
struct Shown {
    /// The unit's id (as suggest, search and export show it).
    id: i64,
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Debug, clap::Args)]
struct Edit {
    id: i64,
    /// The corrected target text.
    #[arg(long)]
    target: String,
    /// The corrected source text (the source is kept if not given).
    #[arg(long)]
    source: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

pub fn run(args: Args, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let who = super::settings::author();
    let mut out = stdout();
    match args.action {
        Action::Show(shown) => {
            let memory = open_memory_for_reading(memory_path)?;
            let Some(unit) = memory.unit(shown.id)? else {
                if memory.unit_was_deleted(shown.id)? {
                    anyhow::bail!("unit {}: deleted (dragoman unit restore {} brings it back)", shown.id, shown.id);
                }
                anyhow::bail!("unit {}: no such unit", shown.id);
            };
            write_unit(&mut out, &unit, shown.format)?;
        }
        Action::Edit(edit) => {
            let mut memory = open_existing_memory(memory_path)?;
            let unit = memory.edit_unit(edit.id, edit.source.as_deref(), &edit.target, who.as_deref())?;
            write_unit(&mut out, &unit, edit.format)?;
        }
        Action::Delete(shown) => {
            let mut memory = open_existing_memory(memory_path)?;
            memory.delete_unit(shown.id, who.as_deref())?;
            match shown.format {
                OutputFormat::Json => json_line(&mut out, &serde_json::json!({ "id": shown.id, "deleted": true }))?,
                OutputFormat::Text => writeln!(out, "unit {} deleted (dragoman unit restore {} brings it back)", shown.id, shown.id)?,
            }
        }
        Action::Restore(shown) => {
            let mut memory = open_existing_memory(memory_path)?;
            let unit = memory.restore_unit(shown.id, who.as_deref())?;
            write_unit(&mut out, &unit, shown.format)?;
        }
        Action::History(shown) => {
            let memory = open_memory_for_reading(memory_path)?;
            let history = memory.unit_history(shown.id)?;
            if history.is_empty() && memory.unit(shown.id)?.is_none() {
                anyhow::bail!("unit {}: no such unit", shown.id);
            }
            write_history(&mut out, shown.id, &history, shown.format)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_unit(out: &mut impl Write, unit: &Unit, format: OutputFormat) -> anyhow::Result<()> {
    match format {
        OutputFormat::Json => json_line(out, unit)?,
        OutputFormat::Text => {
            writeln!(out, "unit {}  {} → {}", unit.id, printable(&unit.src_lang), printable(&unit.tgt_lang))?;
            writeln!(out, "  source: {}", printable(&unit.source))?;
            writeln!(out, "  target: {}", printable(&unit.target))?;
            writeln!(out, "  origin: {}", printable(&unit.origin()))?;
            let by = unit.created_by.as_deref().map(|b| format!(" by {}", printable(b))).unwrap_or_default();
            writeln!(out, "  stored: {}{by}", printable(&unit.created_at))?;
            if let Some(at) = &unit.changed_at {
                let by = unit.changed_by.as_deref().map(|b| format!(" by {}", printable(b))).unwrap_or_default();
                writeln!(out, "  changed: {}{by}", printable(at))?;
            }
            if let Some(next) = unit.superseded_by {
                writeln!(out, "  superseded by #{next} (a later target for the same source)")?;
            }
        }
    }
    Ok(())
}

fn write_history(out: &mut impl Write, id: i64, history: &[HistoryEntry], format: OutputFormat) -> anyhow::Result<()> {
    match format {
        OutputFormat::Json => json_line(out, &serde_json::json!({ "id": id, "history": history }))?,
        OutputFormat::Text if history.is_empty() => writeln!(out, "unit {id}: not changed by hand")?,
        OutputFormat::Text => {
            for entry in history {
                let who = entry.who.as_deref().map(printable).unwrap_or_else(|| "unknown".into());
                writeln!(out, "{}  {:<7}  by {who}", printable(&entry.at), entry.action)?;
                if let Some(source) = &entry.old_source {
                    writeln!(out, "  old source: {}", printable(source))?;
                }
                if let Some(target) = &entry.old_target {
                    writeln!(out, "  old target: {}", printable(target))?;
                }
            }
        }
    }
    Ok(())
}
