//! The server's API tokens (`api_tokens`, issue 13): a name, a role and
//! the SHA-256 of the token, never the token itself, so that a copy of
//! the memory gives no access to a server. What the roles allow and how
//! tokens are made and hashed is the server's business, not this
//! layer's; a revoked token stays listed (with when) so that its name is
//! not silently reused.

use super::{Memory, MemoryError, Store, sqlite_error, sqlite_or};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// One stored token, without its hash.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TokenRow {
    pub name: String,
    pub role: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// Adding a token failed.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("{path}: there is already a token named '{name}' (revoked ones keep their name)")]
    NameTaken { path: String, name: String },
    #[error(transparent)]
    Memory(#[from] MemoryError),
}

impl Memory {
    /// Stores a new token by the hex SHA-256 of its secret.
    pub fn add_token(&mut self, name: &str, role: &str, hash: &str) -> Result<TokenRow, TokenError> {
        let path = self.path.display().to_string();
        let taken = || TokenError::NameTaken { path: path.clone(), name: name.to_string() };
        let row = match &mut self.store {
            Store::Sqlite(conn) => {
                let err = |e| sqlite_error(std::path::Path::new(&path), e);
                let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(err)?;
                let exists: Option<i64> =
                    tx.query_row("SELECT 1 FROM api_tokens WHERE name = ?1", [name], |r| r.get(0)).optional().map_err(err)?;
                if exists.is_some() {
                    return Err(taken());
                }
                let at: String = tx.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", [], |r| r.get(0)).map_err(err)?;
                tx.execute("INSERT INTO api_tokens (name, role, hash, created_at) VALUES (?1, ?2, ?3, ?4)", params![name, role, hash, at])
                    .map_err(err)?;
                tx.commit().map_err(err)?;
                at
            }
            Store::Postgres(cell) => {
                let pg = cell.get_mut();
                let inserted = pg.client.query_opt(
                    "INSERT INTO api_tokens (name, role, hash, created_at)
                     VALUES ($1, $2, $3, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))
                     ON CONFLICT (name) DO NOTHING RETURNING created_at",
                    &[&name, &role, &hash],
                );
                match inserted.map_err(|e| pg.err(e))? {
                    Some(row) => row.get(0),
                    None => return Err(taken()),
                }
            }
        };
        Ok(TokenRow { name: name.to_string(), role: role.to_string(), created_at: row, revoked_at: None })
    }

    /// Every token, revoked ones too, by name.
    pub fn tokens(&self) -> Result<Vec<TokenRow>, MemoryError> {
        const SQL: &str = "SELECT name, role, created_at, revoked_at FROM api_tokens ORDER BY name";
        let conn = sqlite_or!(self, pg => {
            let rows = pg.client.query(SQL, &[]).map_err(|e| pg.err(e))?;
            Ok(rows.iter().map(|r| TokenRow { name: r.get(0), role: r.get(1), created_at: r.get(2), revoked_at: r.get(3) }).collect())
        });
        let mut stmt = conn.prepare(SQL).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok(TokenRow { name: r.get(0)?, role: r.get(1)?, created_at: r.get(2)?, revoked_at: r.get(3)? }))
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// The token with this hash, unless revoked.
    pub fn token_by_hash(&self, hash: &str) -> Result<Option<TokenRow>, MemoryError> {
        let conn = sqlite_or!(self, pg => {
            let row = pg
                .client
                .query_opt("SELECT name, role, created_at FROM api_tokens WHERE hash = $1 AND revoked_at IS NULL", &[&hash])
                .map_err(|e| pg.err(e))?;
            Ok(row.map(|r| TokenRow { name: r.get(0), role: r.get(1), created_at: r.get(2), revoked_at: None }))
        });
        conn.query_row("SELECT name, role, created_at FROM api_tokens WHERE hash = ?1 AND revoked_at IS NULL", [hash], |r| {
            Ok(TokenRow { name: r.get(0)?, role: r.get(1)?, created_at: r.get(2)?, revoked_at: None })
        })
        .optional()
        .map_err(|e| self.err(e))
    }

    /// Revokes the token named `name`; false if there is no such token
    /// not yet revoked.
    pub fn revoke_token(&mut self, name: &str) -> Result<bool, MemoryError> {
        let path = self.path.clone();
        match &mut self.store {
            Store::Sqlite(conn) => conn
                .execute(
                    "UPDATE api_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE name = ?1 AND revoked_at IS NULL",
                    [name],
                )
                .map(|n| n > 0)
                .map_err(|e| sqlite_error(&path, e)),
            Store::Postgres(cell) => {
                let pg = cell.get_mut();
                pg.client
                    .execute(
                        "UPDATE api_tokens SET revoked_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
                         WHERE name = $1 AND revoked_at IS NULL",
                        &[&name],
                    )
                    .map(|n| n > 0)
                    .map_err(|e| pg.err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_found_by_its_hash_until_revoked_and_its_name_stays_taken() {
        let dir = tempfile::tempdir().unwrap();
        let mut memory = Memory::open(&dir.path().join("m.sqlite"), crate::fuzzy::index_keys()).unwrap();
        memory.add_token("desk", "reader", "ab12").unwrap();
        assert_eq!(memory.token_by_hash("ab12").unwrap().unwrap().role, "reader");
        assert!(memory.token_by_hash("ffff").unwrap().is_none());
        assert!(matches!(memory.add_token("desk", "admin", "cd34"), Err(TokenError::NameTaken { .. })));
        assert!(memory.revoke_token("desk").unwrap());
        assert!(!memory.revoke_token("desk").unwrap());
        assert!(memory.token_by_hash("ab12").unwrap().is_none());
        let listed = memory.tokens().unwrap();
        assert_eq!(listed.len(), 1);
        assert!(listed[0].revoked_at.is_some());
    }
}
