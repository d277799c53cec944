//! Entity references in XLIFF: predefined and character references, and
//! the internal entities a DOCTYPE declares, expanded within a budget;
//! external entities are never fetched. The same rules as the TMX reader
//! (`formats::tmx`, whose copy is private to it).

use std::collections::HashMap;

/// At most this many characters come out of internal entity expansion
/// in one file (the TMX reader's [`crate::formats::tmx::ENTITY_BUDGET`]).
pub const ENTITY_BUDGET: usize = crate::formats::tmx::ENTITY_BUDGET;

/// Internal entities declared in the DOCTYPE, and the expansion budget used.
#[derive(Default)]
pub(crate) struct Entities {
    internal: HashMap<String, String>,
    external: Vec<String>,
    budget_used: usize,
}

impl Entities {
    pub(crate) fn from_doctype(doctype: &str) -> Entities {
        let declaration = regex::Regex::new(r#"<!ENTITY\s+(%\s+)?([^\s%"'>]+)\s+(?:"([^"]*)"|'([^']*)'|((?:SYSTEM|PUBLIC)[^>]*))\s*>"#)
            .expect("valid regex");
        let mut entities = Entities::default();
        for c in declaration.captures_iter(doctype) {
            if c.get(1).is_some() {
                continue; // parameter entities only matter inside the DTD
            }
            let name = c[2].to_string();
            match c.get(3).or(c.get(4)) {
                // the first declaration binds (XML 1.0 §4.2)
                Some(value) => {
                    entities.internal.entry(name).or_insert_with(|| value.as_str().to_string());
                }
                None => entities.external.push(name),
            }
        }
        entities
    }

    /// Appends the expansion of `&name;` to `out`.
    pub(crate) fn expand(&mut self, name: &str, out: &mut String, depth: usize) -> Result<(), String> {
        if let Some(c) = name.strip_prefix('#') {
            let code = match c.strip_prefix('x').or_else(|| c.strip_prefix('X')) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => c.parse().ok(),
            };
            let c = code.and_then(char::from_u32).filter(|&c| c != '\0').ok_or_else(|| format!("bad character reference &{name};"))?;
            out.push(c);
            return Ok(());
        }
        if let Some(text) = quick_xml::escape::resolve_predefined_entity(name) {
            out.push_str(text);
            return Ok(());
        }
        if self.external.iter().any(|e| e == name) {
            return Err(format!("external entity &{name}; is not fetched"));
        }
        if depth > 16 {
            return Err(format!("entity &{name}; nests too deeply"));
        }
        let value = self.internal.get(name).cloned().ok_or_else(|| format!("undefined entity &{name};"))?;
        let mut rest = value.as_str();
        while let Some(amp) = rest.find('&') {
            self.spend(amp, name)?;
            out.push_str(&rest[..amp]);
            let end = rest[amp..].find(';').ok_or_else(|| format!("entity &{name}; holds an unterminated reference"))? + amp;
            self.expand(&rest[amp + 1..end], out, depth + 1)?;
            rest = &rest[end + 1..];
        }
        self.spend(rest.len(), name)?;
        out.push_str(rest);
        Ok(())
    }

    fn spend(&mut self, n: usize, name: &str) -> Result<(), String> {
        self.budget_used += n;
        if self.budget_used > ENTITY_BUDGET {
            return Err(format!("entity expansion passes {ENTITY_BUDGET} characters at &{name}; (an entity bomb?)"));
        }
        Ok(())
    }

    /// An attribute value with references resolved and white space normalised.
    pub(crate) fn attribute_value(&mut self, raw: &str) -> Result<String, String> {
        if !raw.contains(['&', '\t', '\n', '\r']) {
            return Ok(raw.to_string());
        }
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(amp) = rest.find('&') {
            out.push_str(&rest[..amp]);
            let end = rest[amp..].find(';').ok_or("unterminated reference in an attribute")? + amp;
            self.expand(&rest[amp + 1..end], &mut out, 0)?;
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        Ok(out.replace(['\t', '\n', '\r'], " "))
    }
}
