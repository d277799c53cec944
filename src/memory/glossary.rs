//! The glossary's tables (migration 7): TBX glossaries imported, their
//! concepts kept whole (as the JSON the caller hands in, so that an
//! export writes them back as they were read) and each term with its
//! language, status, deprecation and notes for look-ups; and the header
//! an import batch's file had (`batch_headers`). What a concept or header
//! holds is [`crate::formats::tbx`]'s business, not this layer's.
//!
//! [`GlossaryTerms::hits`] finds the terms of a sentence: a source
//! language's terms matched case-insensitively on word boundaries, each
//! with the concept's preferred term in the target language.

use super::{Memory, MemoryError, Store, Tx, Writer, pg_error, sqlite_error};
use crate::lang::Lang;
use rusqlite::params;
use serde::Serialize;

/// One term of a concept, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermRow {
    pub lang: String,
    pub term: String,
    /// `preferred`, `admitted`, `deprecated`, `superseded`, or none.
    pub status: Option<String>,
    pub deprecated: bool,
    /// The term's notes, one per line.
    pub notes: Option<String>,
}

/// A concept to store: its id in the file, the whole entry as JSON, and
/// its terms in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConceptRow {
    pub concept_id: Option<String>,
    pub entry: String,
    pub terms: Vec<TermRow>,
}

/// What a glossary import stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GlossaryAdded {
    /// The glossary's id.
    pub glossary: i64,
    pub concepts: usize,
    pub terms: usize,
    /// Concepts stored before under the same id, now replaced.
    pub replaced: usize,
}

impl Writer<'_> {
    /// Stores a glossary (`header` as JSON) and its concepts in this
    /// writer's transaction; a concept with the id of one stored before
    /// replaces it.
    pub fn add_glossary(
        &mut self,
        file: &str,
        who: Option<&str>,
        header: &str,
        concepts: &[ConceptRow],
    ) -> Result<GlossaryAdded, MemoryError> {
        let at = self.now.clone();
        let path = self.path.clone();
        let mut added = GlossaryAdded { glossary: 0, concepts: concepts.len(), terms: 0, replaced: 0 };
        match &mut self.tx {
            Tx::Sqlite(tx) => {
                let e = |e| sqlite_error(&path, e);
                tx.execute("INSERT INTO glossaries (file, at, who, header) VALUES (?1, ?2, ?3, ?4)", params![file, at, who, header])
                    .map_err(e)?;
                added.glossary = tx.last_insert_rowid();
                for concept in concepts {
                    if let Some(id) = &concept.concept_id {
                        tx.execute(
                            "DELETE FROM glossary_terms WHERE concept IN (SELECT id FROM glossary_concepts WHERE concept_id = ?1)",
                            [id],
                        )
                        .map_err(e)?;
                        added.replaced += tx.execute("DELETE FROM glossary_concepts WHERE concept_id = ?1", [id]).map_err(e)?;
                    }
                    tx.execute(
                        "INSERT INTO glossary_concepts (glossary_id, concept_id, entry) VALUES (?1, ?2, ?3)",
                        params![added.glossary, concept.concept_id, concept.entry],
                    )
                    .map_err(e)?;
                    let row = tx.last_insert_rowid();
                    for (k, t) in concept.terms.iter().enumerate() {
                        tx.execute(
                            "INSERT INTO glossary_terms (concept, position, lang, term, status, deprecated, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                            params![row, k as i64, t.lang, t.term, t.status, t.deprecated, t.notes],
                        )
                        .map_err(e)?;
                        added.terms += 1;
                    }
                }
            }
            Tx::Postgres(tx, _) => {
                let e = |e| pg_error(&path, e);
                added.glossary = tx
                    .query_one(
                        "INSERT INTO glossaries (file, at, who, header) VALUES ($1, $2, $3, $4) RETURNING id",
                        &[&file, &at, &who, &header],
                    )
                    .map_err(e)?
                    .get(0);
                for concept in concepts {
                    if let Some(id) = &concept.concept_id {
                        tx.execute(
                            "DELETE FROM glossary_terms WHERE concept IN (SELECT id FROM glossary_concepts WHERE concept_id = $1)",
                            &[id],
                        )
                        .map_err(e)?;
                        added.replaced += tx.execute("DELETE FROM glossary_concepts WHERE concept_id = $1", &[id]).map_err(e)? as usize;
                    }
                    let row: i64 = tx
                        .query_one(
                            "INSERT INTO glossary_concepts (glossary_id, concept_id, entry) VALUES ($1, $2, $3) RETURNING id",
                            &[&added.glossary, &concept.concept_id, &concept.entry],
                        )
                        .map_err(e)?
                        .get(0);
                    for (k, t) in concept.terms.iter().enumerate() {
                        tx.execute(
                            "INSERT INTO glossary_terms (concept, position, lang, term, status, deprecated, notes) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                            &[&row, &(k as i64), &t.lang, &t.term, &t.status, &t.deprecated, &t.notes],
                        )
                        .map_err(e)?;
                        added.terms += 1;
                    }
                }
            }
        }
        Ok(added)
    }

    /// Keeps the header of the file the batch being written came from
    /// (`format` says whose: `tmx`), as JSON.
    pub fn set_batch_header(&mut self, batch: i64, format: &str, header: &str) -> Result<(), MemoryError> {
        let path = self.path.clone();
        match &mut self.tx {
            Tx::Sqlite(tx) => tx
                .execute(
                    "INSERT OR REPLACE INTO batch_headers (batch_id, format, header) VALUES (?1, ?2, ?3)",
                    params![batch, format, header],
                )
                .map(|_| ())
                .map_err(|e| sqlite_error(&path, e)),
            Tx::Postgres(tx, _) => tx
                .execute(
                    "INSERT INTO batch_headers (batch_id, format, header) VALUES ($1, $2, $3)
                     ON CONFLICT (batch_id) DO UPDATE SET format = EXCLUDED.format, header = EXCLUDED.header",
                    &[&batch, &format, &header],
                )
                .map(|_| ())
                .map_err(|e| pg_error(&path, e)),
        }
    }
}

/// Every stored term with its concept's row, for look-ups.
#[derive(Debug, Clone, Default)]
pub struct GlossaryTerms {
    /// (concept row, term), concepts in storing order, terms in order.
    terms: Vec<(i64, TermRow)>,
}

/// A glossary term found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct GlossaryHit {
    /// The term as the glossary spells it, and where the sentence has it
    /// (byte offsets).
    pub term: String,
    pub start: usize,
    pub end: usize,
    pub src_lang: String,
    /// The concept's preferred term in the target language (the first
    /// one not deprecated if none is marked preferred), if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tgt_lang: Option<String>,
    /// Whether the term found is deprecated (or superseded).
    pub deprecated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl GlossaryTerms {
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms in the order stored, each with its concept's row id.
    pub fn rows(&self) -> impl Iterator<Item = (i64, &TermRow)> {
        self.terms.iter().map(|(c, t)| (*c, t))
    }

    /// The terms of `src` in `sentence`, case-insensitively on word
    /// boundaries, longest first where two overlap, in sentence order;
    /// each with its concept's preferred term in `tgt` (any other
    /// language of the concept when `tgt` is `None`).
    pub fn hits(&self, sentence: &str, src: &Lang, tgt: Option<&Lang>) -> Vec<GlossaryHit> {
        let lower = sentence.to_lowercase();
        // lower-casing keeps byte offsets only where lengths agree; else
        // the sentence is searched as it is
        let folded = lower.len() == sentence.len();
        let haystack = if folded { lower.as_str() } else { sentence };
        let is_word = crate::text::is_word_char;
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for (k, (_, term)) in self.terms.iter().enumerate() {
            let Ok(lang) = Lang::parse(&term.lang) else { continue };
            if !(lang.matches(src) || src.matches(&lang)) || term.term.trim().is_empty() {
                continue;
            }
            let needle = if folded { term.term.to_lowercase() } else { term.term.clone() };
            let mut from = 0;
            while let Some(at) = haystack[from..].find(&needle) {
                let (start, end) = (from + at, from + at + needle.len());
                let before = haystack[..start].chars().next_back().is_none_or(|c| !is_word(c));
                let after = haystack[end..].chars().next().is_none_or(|c| !is_word(c));
                if before && after {
                    found.push((start, end, k));
                }
                from = start + haystack[start..].chars().next().map_or(1, char::len_utf8);
            }
        }
        // longest first, then leftmost; drop what overlaps a kept one
        found.sort_by_key(|&(s, e, k)| (std::cmp::Reverse(e - s), s, k));
        let mut kept: Vec<(usize, usize, usize)> = Vec::new();
        for f in found {
            if kept.iter().all(|&(s, e, _)| f.1 <= s || f.0 >= e) {
                kept.push(f);
            }
        }
        kept.sort_by_key(|&(s, _, _)| s);
        kept.into_iter()
            .map(|(start, end, k)| {
                let (concept, term) = &self.terms[k];
                let target = self.preferred(*concept, &term.lang, tgt);
                GlossaryHit {
                    term: term.term.clone(),
                    start,
                    end,
                    src_lang: term.lang.clone(),
                    target: target.map(|t| t.term.clone()),
                    tgt_lang: target.map(|t| t.lang.clone()),
                    deprecated: term.deprecated,
                    notes: term.notes.clone(),
                }
            })
            .collect()
    }

    /// A concept's preferred term in `tgt` (else the first not
    /// deprecated), or with no `tgt` in the first language other than `src`.
    fn preferred(&self, concept: i64, src: &str, tgt: Option<&Lang>) -> Option<&TermRow> {
        let src = Lang::parse(src).ok();
        let wanted = |t: &TermRow| {
            let Ok(lang) = Lang::parse(&t.lang) else { return false };
            match tgt {
                Some(tgt) => lang.matches(tgt) || tgt.matches(&lang),
                None => src.as_ref().is_none_or(|s| !(lang.matches(s) || s.matches(&lang))),
            }
        };
        let candidates: Vec<&TermRow> = self.terms.iter().filter(|(c, t)| *c == concept && wanted(t)).map(|(_, t)| t).collect();
        let first_lang = candidates.first().map(|t| t.lang.clone());
        let candidates: Vec<&TermRow> = candidates.into_iter().filter(|t| Some(&t.lang) == first_lang.as_ref()).collect();
        candidates.iter().find(|t| t.status.as_deref() == Some("preferred")).or_else(|| candidates.iter().find(|t| !t.deprecated)).copied()
    }
}

impl Memory {
    /// Every glossary term stored (none before a glossary is imported).
    pub fn glossary_terms(&self) -> Result<GlossaryTerms, MemoryError> {
        let sql = "SELECT t.concept, t.lang, t.term, t.status, t.deprecated, t.notes FROM glossary_terms t ORDER BY t.concept, t.position";
        let terms = match &self.store {
            Store::Sqlite(conn) => {
                let mut stmt = conn.prepare(sql).map_err(|e| self.err(e))?;
                let rows = stmt
                    .query_map([], |r| {
                        Ok((
                            r.get(0)?,
                            TermRow { lang: r.get(1)?, term: r.get(2)?, status: r.get(3)?, deprecated: r.get(4)?, notes: r.get(5)? },
                        ))
                    })
                    .map_err(|e| self.err(e))?;
                rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))?
            }
            Store::Postgres(cell) => {
                let pg = &mut *cell.borrow_mut();
                let rows = pg.client.query(sql, &[]).map_err(|e| pg.err(e))?;
                rows.iter()
                    .map(|r| {
                        (r.get(0), TermRow { lang: r.get(1), term: r.get(2), status: r.get(3), deprecated: r.get(4), notes: r.get(5) })
                    })
                    .collect()
            }
        };
        Ok(GlossaryTerms { terms })
    }

    /// The glossary's concepts as stored (their JSON), in storing order,
    /// and the header of the glossary imported last, if any.
    pub fn glossary_entries(&self) -> Result<(Option<String>, Vec<String>), MemoryError> {
        let header_sql = "SELECT header FROM glossaries ORDER BY id DESC LIMIT 1";
        let entries_sql = "SELECT entry FROM glossary_concepts ORDER BY id";
        match &self.store {
            Store::Sqlite(conn) => {
                let header = conn.query_row(header_sql, [], |r| r.get(0)).map(Some).or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(self.err(e)),
                })?;
                let mut stmt = conn.prepare(entries_sql).map_err(|e| self.err(e))?;
                let entries = stmt
                    .query_map([], |r| r.get(0))
                    .map_err(|e| self.err(e))?
                    .collect::<Result<Vec<String>, _>>()
                    .map_err(|e| self.err(e))?;
                Ok((header, entries))
            }
            Store::Postgres(cell) => {
                let pg = &mut *cell.borrow_mut();
                let header = pg.client.query_opt(header_sql, &[]).map_err(|e| pg.err(e))?.map(|r| r.get(0));
                let entries = pg.client.query(entries_sql, &[]).map_err(|e| pg.err(e))?.iter().map(|r| r.get(0)).collect();
                Ok((header, entries))
            }
        }
    }

    /// The headers kept for import batches (`format`, JSON), by batch, oldest first.
    pub fn batch_headers(&self, format: &str) -> Result<Vec<(i64, String)>, MemoryError> {
        let sql = "SELECT h.batch_id, h.header FROM batch_headers h JOIN import_batches b ON b.id = h.batch_id
                   WHERE h.format = $1 AND b.undone_at IS NULL ORDER BY h.batch_id";
        match &self.store {
            Store::Sqlite(conn) => {
                let mut stmt = conn.prepare(&sql.replace("$1", "?1")).map_err(|e| self.err(e))?;
                let rows = stmt.query_map([format], |r| Ok((r.get(0)?, r.get(1)?))).map_err(|e| self.err(e))?;
                rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
            }
            Store::Postgres(cell) => {
                let pg = &mut *cell.borrow_mut();
                let rows = pg.client.query(sql, &[&format]).map_err(|e| pg.err(e))?;
                Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
            }
        }
    }
}

/// A row of `glossaries`: id, file, at, who, header.
type GlossaryRow = (i64, String, String, Option<String>, String);
/// A row of `glossary_concepts`: id, glossary id, concept id, entry.
type ConceptTableRow = (i64, i64, Option<String>, String);
/// A row of `glossary_terms`: concept, position, lang, term, status, deprecated, notes.
type TermTableRow = (i64, i64, String, String, Option<String>, bool, Option<String>);

/// The glossary tables and the batch headers whole, rows with their ids,
/// as a memory copy carries them (so that `glossary export` and the TMX
/// export of the copy write the same bytes).
pub(super) struct GlossaryTables {
    glossaries: Vec<GlossaryRow>,
    concepts: Vec<ConceptTableRow>,
    terms: Vec<TermTableRow>,
    /// batch id, format, header
    headers: Vec<(i64, String, String)>,
}

/// The statements reading and writing [`GlossaryTables`], with
/// PostgreSQL's placeholders (`$` becomes `?` on SQLite).
const SELECT_GLOSSARIES: &str = "SELECT id, file, at, who, header FROM glossaries ORDER BY id";
const SELECT_CONCEPTS: &str = "SELECT id, glossary_id, concept_id, entry FROM glossary_concepts ORDER BY id";
const SELECT_TERMS: &str = "SELECT concept, position, lang, term, status, deprecated, notes FROM glossary_terms ORDER BY concept, position";
const SELECT_HEADERS: &str = "SELECT batch_id, format, header FROM batch_headers ORDER BY batch_id";
const INSERT_GLOSSARY: &str = "INSERT INTO glossaries (id, file, at, who, header) VALUES ($1, $2, $3, $4, $5)";
const INSERT_CONCEPT: &str = "INSERT INTO glossary_concepts (id, glossary_id, concept_id, entry) VALUES ($1, $2, $3, $4)";
const INSERT_TERM: &str =
    "INSERT INTO glossary_terms (concept, position, lang, term, status, deprecated, notes) VALUES ($1, $2, $3, $4, $5, $6, $7)";
const INSERT_HEADER: &str = "INSERT INTO batch_headers (batch_id, format, header) VALUES ($1, $2, $3)";

impl GlossaryTables {
    pub(super) fn read(from: &Memory) -> Result<GlossaryTables, MemoryError> {
        match &from.store {
            Store::Sqlite(conn) => {
                let err = |e| from.err(e);
                let glossaries =
                    query_sqlite(conn, SELECT_GLOSSARIES, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))).map_err(err)?;
                let concepts = query_sqlite(conn, SELECT_CONCEPTS, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).map_err(err)?;
                let terms =
                    query_sqlite(conn, SELECT_TERMS, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
                        .map_err(err)?;
                let headers = query_sqlite(conn, SELECT_HEADERS, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).map_err(err)?;
                Ok(GlossaryTables { glossaries, concepts, terms, headers })
            }
            Store::Postgres(cell) => {
                let pg = &mut *cell.borrow_mut();
                let mut query = |sql: &str| pg.client.query(sql, &[]);
                let tables = (|| {
                    Ok::<_, ::postgres::Error>(GlossaryTables {
                        glossaries: query(SELECT_GLOSSARIES)?.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4))).collect(),
                        concepts: query(SELECT_CONCEPTS)?.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3))).collect(),
                        terms: query(SELECT_TERMS)?
                            .iter()
                            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6)))
                            .collect(),
                        headers: query(SELECT_HEADERS)?.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect(),
                    })
                })();
                tables.map_err(|e| pg.err(e))
            }
        }
    }

    pub(super) fn write_sqlite(&self, tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
        let sqlite = |sql: &str| sql.replace('$', "?");
        let mut insert = tx.prepare(&sqlite(INSERT_GLOSSARY))?;
        for g in &self.glossaries {
            insert.execute(params![g.0, g.1, g.2, g.3, g.4])?;
        }
        let mut insert = tx.prepare(&sqlite(INSERT_CONCEPT))?;
        for c in &self.concepts {
            insert.execute(params![c.0, c.1, c.2, c.3])?;
        }
        let mut insert = tx.prepare(&sqlite(INSERT_TERM))?;
        for t in &self.terms {
            insert.execute(params![t.0, t.1, t.2, t.3, t.4, t.5, t.6])?;
        }
        let mut insert = tx.prepare(&sqlite(INSERT_HEADER))?;
        for h in &self.headers {
            insert.execute(params![h.0, h.1, h.2])?;
        }
        Ok(())
    }

    pub(super) fn write_postgres(&self, tx: &mut ::postgres::Transaction<'_>) -> Result<(), ::postgres::Error> {
        let insert = tx.prepare(INSERT_GLOSSARY)?;
        for g in &self.glossaries {
            tx.execute(&insert, &[&g.0, &g.1, &g.2, &g.3, &g.4])?;
        }
        let insert = tx.prepare(INSERT_CONCEPT)?;
        for c in &self.concepts {
            tx.execute(&insert, &[&c.0, &c.1, &c.2, &c.3])?;
        }
        let insert = tx.prepare(INSERT_TERM)?;
        for t in &self.terms {
            tx.execute(&insert, &[&t.0, &t.1, &t.2, &t.3, &t.4, &t.5, &t.6])?;
        }
        let insert = tx.prepare(INSERT_HEADER)?;
        for h in &self.headers {
            tx.execute(&insert, &[&h.0, &h.1, &h.2])?;
        }
        // new glossaries and concepts go on above the copied ones
        tx.batch_execute(
            "SELECT setval(pg_get_serial_sequence('glossaries', 'id'), coalesce((SELECT max(id) FROM glossaries), 0) + 1, false);
             SELECT setval(pg_get_serial_sequence('glossary_concepts', 'id'), coalesce((SELECT max(id) FROM glossary_concepts), 0) + 1, false);",
        )
    }
}

/// The rows of a statement without parameters on SQLite.
fn query_sqlite<T>(
    conn: &rusqlite::Connection,
    sql: &str,
    row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], row)?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(lang: &str, text: &str, status: Option<&str>) -> TermRow {
        let deprecated = status == Some("deprecated");
        TermRow { lang: lang.into(), term: text.into(), status: status.map(str::to_string), deprecated, notes: None }
    }

    #[test]
    fn terms_are_found_on_word_boundaries_any_case_longest_first_with_the_preferred_target() {
        let terms = GlossaryTerms {
            terms: vec![
                (1, term("en", "ceasefire", Some("preferred"))),
                (1, term("en", "cease-fire", Some("deprecated"))),
                (1, term("fr", "trêve", None)),
                (1, term("fr", "cessez-le-feu", Some("preferred"))),
                (2, term("en", "Security Council", None)),
                (2, term("fr", "Conseil de sécurité", None)),
                (3, term("en", "Council", None)),
                (3, term("fr", "Conseil", None)),
                (4, term("en", "fire", None)),
            ],
        };
        let en = Lang::parse("en").unwrap();
        let fr = Lang::parse("fr").unwrap();
        let hits = terms.hits("The security council called for a Cease-Fire; ceasefires are rare.", &en, Some(&fr));
        let shown: Vec<(String, Option<String>, bool)> = hits.iter().map(|h| (h.term.clone(), h.target.clone(), h.deprecated)).collect();
        assert_eq!(
            shown,
            [
                ("Security Council".to_string(), Some("Conseil de sécurité".to_string()), false),
                ("cease-fire".to_string(), Some("cessez-le-feu".to_string()), true),
            ]
        );
        assert_eq!(&"The security council called"[hits[0].start..hits[0].end], "security council");
    }
}
