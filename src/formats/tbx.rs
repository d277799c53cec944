//! TBX glossaries (ISO 30042): a streaming reader of TBX-Basic 2008
//! (`<martif>` … `<termEntry>` / `<langSet>` / `<tig>` / `<term>`) and
//! TBX v3 (`<tbx>` … `<conceptEntry>` / `<langSec>` / `<termSec>` /
//! `<term>`), and a writer of TBX v3.
//!
//! The reader gives one [`Concept`] at a time: its id, its own fields
//! (`descrip` such as a definition, `admin`, `note`), and per language
//! the fields of the language section and the terms, each with its
//! `termNote`s (`partOfSpeech`, `administrativeStatus`, `termType` …) and
//! other fields. Group elements (`descripGrp`, `adminGrp`,
//! `termNoteGrp`, TBX 2008's `ntig`/`termGrp`) are read through: the
//! fields inside count as the enclosing level's. Transactions
//! (`transacGrp`), cross-references (`ref`, `xref`), `termCompList` and
//! the `back` matter are skipped. Values are the text content with
//! inline markup (`hi`, `foreign` …) dropped and white space around
//! trimmed. TBX v3 in DCA style, where a data category is an element of
//! its own (`<basic:termType>fullForm</basic:termType>`), reads as the
//! DCT form (`termNote type="termType"`) for TBX-Basic's categories.
//! An empty term (translate-toolkit writes `<term></term>` for an
//! untranslated entry) is left out, and so is a language section left
//! without a term; a concept may so come out with no language at all,
//! which the writer refuses. Element names are matched without their
//! namespace, so TBX v3
//! in its namespace, TBX 2008 without one, and a dialect's own
//! namespaced copies all read.
//!
//! For the names house style, [`Concept::is_name`] says whether an entry
//! is a name (its documentation gives the rule) and
//! [`Concept::name_spellings`] gives a name's preferred spelling in a
//! language and the variants listed beside it; [`Term::status`] reads
//! preferred / admitted / deprecated marks in either version's wording.
//!
//! Safety as in [`super::tmx`]: nothing is fetched (a DOCTYPE and its
//! external DTD are ignored), and no entity is expanded beyond XML's
//! five and character references: a TBX file needs none, and so no
//! entity bomb can go off.
//!
//! The writer writes TBX v3 in DCT style (data categories in `type`
//! attributes) with the dialect name `TBX-Basic`, in the
//! `urn:iso:std:iso:30042:ed-2` namespace; its output validates against
//! the TBX v3 core structure (`TBX_core.xsd`, `TBXcoreStructV03.rng`).
//! v3 is the default because it is the current standard and has a
//! published core schema to check against; TBX-Basic 2008 (`martif`,
//! valid against `TBXcoreStructV02.dtd`) can be written too, for tools
//! that read only that, such as translate-toolkit. A written glossary
//! reads back identically in either version: within a term the
//! `termNote`s come first (both require it), and the reader orders them
//! so too.
//!
//! ```
//! use dragoman::formats::tbx::{TbxReader, TermStatus};
//! use dragoman::lang::Lang;
//!
//! let tbx = r#"<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc>
//!   <sourceDesc><p>Desk glossary</p></sourceDesc></fileDesc></martifHeader><text><body>
//!   <termEntry id="haniya">
//!     <langSet xml:lang="en">
//!       <tig><term>Ismail Haniya</term><termNote type="partOfSpeech">properNoun</termNote>
//!         <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
//!       <tig><term>Haniyeh</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
//!     </langSet>
//!     <langSet xml:lang="ar"><tig><term>إسماعيل هنية</term></tig></langSet>
//!   </termEntry>
//! </body></text></martif>"#;
//! let mut reader = TbxReader::new(tbx.as_bytes(), "desk.tbx").unwrap();
//! let concept = reader.next().unwrap().unwrap();
//! assert!(concept.is_name());
//! let english = Lang::parse("en").unwrap();
//! assert_eq!(concept.preferred_term(&english).unwrap().text, "Ismail Haniya");
//! assert_eq!(concept.language(&english).unwrap().terms[1].status(), Some(TermStatus::Deprecated));
//! assert!(reader.next().is_none());
//! ```

use super::FormatError;
use super::xml::{XmlReader, escape, push_predefined};
use crate::lang::Lang;
use quick_xml::events::{BytesStart, Event};
use std::io::{Read, Write};

/// The TBX v3 namespace (ISO 30042:2019, "ed-2").
pub const TBX_NAMESPACE: &str = "urn:iso:std:iso:30042:ed-2";

/// Which element carries a [`Field`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FieldElement {
    /// `descrip`: `definition`, `context`, `subjectField` …
    Descrip,
    /// `admin`: `source`, `customerSubset`, `projectSubset` …
    Admin,
    /// `note`: free text, no type.
    Note,
    /// `termNote` (terms only): `partOfSpeech`, `administrativeStatus`,
    /// `termType`, `grammaticalGender` …
    TermNote,
}

/// TBX-Basic's data categories, by the core element that carries them in
/// DCT style: in DCA style (TBX v3 `style="dca"`) each is an element of its
/// own (`<basic:termType>`), read as that core element with the name as
/// its type. From the TBX-Basic v3 module (tbxinfo.net, "TBX-Basic
/// dialect"), plus TBX-Min's and the v3 `normativeAuthorization`.
const DCA_TERM_NOTES: [&str; 8] = [
    "partOfSpeech",
    "administrativeStatus",
    "normativeAuthorization",
    "termType",
    "grammaticalGender",
    "grammaticalNumber",
    "geographicalUsage",
    "termLocation",
];
const DCA_DESCRIPS: [&str; 3] = ["definition", "context", "subjectField"];
const DCA_ADMINS: [&str; 3] = ["source", "customerSubset", "projectSubset"];

impl FieldElement {
    fn from_name(name: &str) -> Option<FieldElement> {
        match name {
            "descrip" => Some(FieldElement::Descrip),
            "admin" => Some(FieldElement::Admin),
            "note" => Some(FieldElement::Note),
            "termNote" => Some(FieldElement::TermNote),
            _ => None,
        }
    }

    /// The core element of a DCA-style data category element, if it is one.
    fn from_dca_name(name: &str) -> Option<FieldElement> {
        if DCA_TERM_NOTES.contains(&name) {
            Some(FieldElement::TermNote)
        } else if DCA_DESCRIPS.contains(&name) {
            Some(FieldElement::Descrip)
        } else if DCA_ADMINS.contains(&name) {
            Some(FieldElement::Admin)
        } else {
            None
        }
    }

    fn name(self) -> &'static str {
        match self {
            FieldElement::Descrip => "descrip",
            FieldElement::Admin => "admin",
            FieldElement::Note => "note",
            FieldElement::TermNote => "termNote",
        }
    }
}

/// One piece of information about a concept, language section or term.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Field {
    pub element: FieldElement,
    /// The `type` attribute (`None` for a `note`).
    pub kind: Option<String>,
    pub value: String,
}

impl Field {
    pub fn new(element: FieldElement, kind: Option<&str>, value: &str) -> Field {
        Field { element, kind: kind.map(String::from), value: value.to_string() }
    }

    fn is(&self, element: FieldElement, kind: &str) -> bool {
        self.element == element && self.kind.as_deref() == Some(kind)
    }
}

/// A term's status, from `administrativeStatus` (TBX-Basic 2008:
/// `preferredTerm-admn-sts` …) or `normativeAuthorization` (TBX v3
/// Basic: `preferredTerm` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TermStatus {
    Preferred,
    Admitted,
    Deprecated,
    Superseded,
}

/// A term in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Term {
    pub text: String,
    /// `termNote`s first, then the other fields, each in file order.
    pub fields: Vec<Field>,
}

impl Term {
    pub fn new(text: &str) -> Term {
        Term { text: text.to_string(), fields: Vec::new() }
    }

    /// The first `termNote` of a type (`partOfSpeech` …).
    pub fn term_note(&self, kind: &str) -> Option<&str> {
        self.fields.iter().find(|f| f.is(FieldElement::TermNote, kind)).map(|f| f.value.as_str())
    }

    /// The term's status, if it has one.
    pub fn status(&self) -> Option<TermStatus> {
        let value = self.term_note("administrativeStatus").or_else(|| self.term_note("normativeAuthorization"))?;
        match value.strip_suffix("-admn-sts").unwrap_or(value) {
            "preferredTerm" => Some(TermStatus::Preferred),
            "admittedTerm" => Some(TermStatus::Admitted),
            "deprecatedTerm" => Some(TermStatus::Deprecated),
            "supersededTerm" => Some(TermStatus::Superseded),
            _ => None,
        }
    }

    /// Whether the term is marked deprecated or superseded.
    pub fn is_deprecated(&self) -> bool {
        matches!(self.status(), Some(TermStatus::Deprecated | TermStatus::Superseded))
    }
}

/// The terms of a concept in one language (`langSet` / `langSec`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LangSection {
    /// `xml:lang` as written.
    pub lang: String,
    pub fields: Vec<Field>,
    pub terms: Vec<Term>,
}

impl LangSection {
    /// `lang` as a tag, if it is one.
    pub fn tag(&self) -> Option<Lang> {
        Lang::parse(&self.lang).ok()
    }
}

/// A concept entry (`termEntry` / `conceptEntry`), with where it starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Concept {
    pub id: Option<String>,
    pub fields: Vec<Field>,
    pub languages: Vec<LangSection>,
    /// Line the entry starts on (1-based); 0 for one not read from a file.
    #[serde(skip)]
    pub line: u64,
}

/// `partOfSpeech` values that mark a name: TBX-Basic's picklist value
/// `properNoun`, and the same spelled as two words, as some termbase
/// exports write it.
const NAME_PARTS_OF_SPEECH: [&str; 2] = ["properNoun", "proper noun"];
/// Concept-level `note`s and `subjectField`s that mark a name (compared
/// without case): this project's convention for a glossary whose tool
/// has no part of speech to give (no TBX standard names them).
const NAME_NOTES: [&str; 4] = ["name", "proper name", "proper noun", "personal name"];

impl Concept {
    /// The section of a language: an exact tag first (any case), else the
    /// same primary language (`en-US` for `en`, `en` for `en-GB`).
    pub fn language(&self, lang: &Lang) -> Option<&LangSection> {
        let exact = self.languages.iter().find(|s| s.tag().as_ref() == Some(lang));
        exact.or_else(|| self.languages.iter().find(|s| s.tag().is_some_and(|l| l.matches(lang))))
    }

    /// The term to use in a language: the first marked preferred, else
    /// the first not deprecated or superseded.
    pub fn preferred_term(&self, lang: &Lang) -> Option<&Term> {
        let terms = &self.language(lang)?.terms;
        terms.iter().find(|t| t.status() == Some(TermStatus::Preferred)).or_else(|| terms.iter().find(|t| !t.is_deprecated()))
    }

    /// For a name entry ([`Concept::is_name`]) with terms in `lang`: the
    /// spelling to use there ([`Concept::preferred_term`]) and the other
    /// spellings listed (deprecated, superseded, admitted or unmarked), in
    /// file order: the row `preferred, variant…` a house style is made of
    /// (`names::HouseStyle::merge_rows` takes such rows). `None` for an
    /// entry that is not a name or has no usable term in `lang`.
    pub fn name_spellings(&self, lang: &Lang) -> Option<(String, Vec<String>)> {
        if !self.is_name() {
            return None;
        }
        let preferred = self.preferred_term(lang)?;
        let variants = self.language(lang)?.terms.iter().filter(|t| !std::ptr::eq(*t, preferred)).map(|t| t.text.clone()).collect();
        Some((preferred.text.clone(), variants))
    }

    /// Whether the entry is a name, for the names house style. The rule:
    /// a term in any language has `partOfSpeech` `properNoun`, or the
    /// concept has a `note` or `descrip type="subjectField"` that says
    /// `name`, `proper name`, `proper noun` or `personal name` (any case).
    pub fn is_name(&self) -> bool {
        let proper_noun = self
            .languages
            .iter()
            .flat_map(|s| &s.terms)
            .any(|t| t.term_note("partOfSpeech").is_some_and(|p| NAME_PARTS_OF_SPEECH.contains(&p)));
        let says_name = self
            .fields
            .iter()
            .filter(|f| f.element == FieldElement::Note || f.is(FieldElement::Descrip, "subjectField"))
            .any(|f| NAME_NOTES.iter().any(|n| f.value.trim().eq_ignore_ascii_case(n)));
        proper_noun || says_name
    }
}

/// Which TBX a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TbxVersion {
    /// TBX 2008 (ISO 30042:2008), root `martif`.
    Martif2008,
    /// TBX v3 (ISO 30042:2019), root `tbx`.
    V3,
}

/// What the root and header say about a glossary.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TbxHeader {
    pub version: TbxVersion,
    /// The root's `type`: the dialect (`TBX-Basic`, `TBX-Core` …).
    pub dialect: Option<String>,
    /// The root's `xml:lang`.
    pub lang: Option<String>,
    /// `titleStmt/title`.
    pub title: Option<String>,
    /// The paragraphs of `sourceDesc`.
    pub source: Vec<String>,
}

/// A whole glossary, for reading small files at once and for writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glossary {
    pub header: TbxHeader,
    pub concepts: Vec<Concept>,
}

impl Glossary {
    /// [`Concept::name_spellings`] of every name entry with terms in `lang`.
    pub fn name_spellings(&self, lang: &Lang) -> Vec<(String, Vec<String>)> {
        self.concepts.iter().filter_map(|c| c.name_spellings(lang)).collect()
    }

    /// Reads every concept of a file.
    pub fn read<R: Read>(reader: R, file: &str) -> Result<Glossary, FormatError> {
        let mut tbx = TbxReader::new(reader, file)?;
        let concepts = tbx.by_ref().collect::<Result<Vec<_>, _>>()?;
        Ok(Glossary { header: tbx.header, concepts })
    }

    /// Writes the glossary as TBX v3; see the module documentation.
    pub fn write<W: Write>(&self, out: W) -> std::io::Result<W> {
        self.write_as(out, TbxVersion::V3)
    }

    /// Writes the glossary as TBX v3 or TBX-Basic 2008 (see [`TbxWriter::with_version`]).
    pub fn write_as<W: Write>(&self, out: W, version: TbxVersion) -> std::io::Result<W> {
        let lang = self.header.lang.as_deref().unwrap_or("en");
        let mut writer = TbxWriter::with_version(out, version, lang, self.header.title.as_deref(), &self.header.source)?;
        for concept in &self.concepts {
            writer.write_concept(concept)?;
        }
        writer.finish()
    }
}

/// Reads TBX one concept at a time; see the module documentation.
pub struct TbxReader<R: Read> {
    xml: XmlReader<R, FormatError>,
    header: TbxHeader,
    done: bool,
}

/// The element names that hold a concept, a language section and a term.
fn is_concept(name: &str) -> bool {
    matches!(name, "termEntry" | "conceptEntry")
}

impl<R: Read> TbxReader<R> {
    /// Reads up to the first concept, parsing the root and the header.
    ///
    /// Fails if the file is not XML or its root is neither `martif` nor `tbx`.
    pub fn new(reader: R, file: &str) -> Result<TbxReader<R>, FormatError> {
        let header = TbxHeader { version: TbxVersion::V3, dialect: None, lang: None, title: None, source: Vec::new() };
        let mut tbx = TbxReader { xml: XmlReader::new(reader, file), header, done: false };
        tbx.read_root()?;
        Ok(tbx)
    }

    /// The root's and header's information.
    pub fn header(&self) -> &TbxHeader {
        &self.header
    }

    fn attribute(&self, element: &BytesStart<'_>, name: &str) -> Result<Option<String>, FormatError> {
        for attribute in element.attributes() {
            let attribute = attribute.map_err(|e| self.xml.error(e.to_string()))?;
            if attribute.key.as_ref() == name {
                // references resolved, white space normalised (XML 1.0 §3.3.3)
                let mut value = String::with_capacity(attribute.value.len());
                let mut rest: &str = &attribute.value;
                // (literal white space becomes a space; a character reference stays what it says)
                let normalised = |text: &str| text.replace(['\t', '\n', '\r'], " ");
                while let Some(amp) = rest.find('&') {
                    value.push_str(&normalised(&rest[..amp]));
                    let end = rest[amp..].find(';').ok_or_else(|| self.xml.error("unterminated reference in an attribute"))? + amp;
                    self.reference(&rest[amp + 1..end], &mut value)?;
                    rest = &rest[end + 1..];
                }
                value.push_str(&normalised(rest));
                return Ok(Some(value));
            }
        }
        Ok(None)
    }

    /// Reads the root and the header, up to the start of `body`.
    fn read_root(&mut self) -> Result<(), FormatError> {
        let mut buf = Vec::new();
        let mut seen_root = false;
        loop {
            match self.xml.next(&mut buf)? {
                Event::Start(e) if !seen_root => {
                    self.header.version = match e.local_name().as_ref() {
                        "martif" => TbxVersion::Martif2008,
                        "tbx" => TbxVersion::V3,
                        other => {
                            let other = other.to_string();
                            return Err(self.xml.error(format!("not a TBX file: the root element is <{other}>, not <martif> or <tbx>")));
                        }
                    };
                    self.header.dialect = self.attribute(&e, "type")?;
                    self.header.lang = self.attribute(&e, "xml:lang")?;
                    seen_root = true;
                }
                Event::Empty(e) if !seen_root => {
                    let name = e.name().as_ref().to_string();
                    return Err(self.xml.error(format!("not a TBX file: the root element is <{name}>, not <martif> or <tbx>")));
                }
                Event::Start(e) => match e.local_name().as_ref() {
                    "martifHeader" | "tbxHeader" | "fileDesc" | "titleStmt" | "sourceDesc" | "text" => {}
                    "title" => self.header.title = Some(self.read_text("title")?),
                    "p" => {
                        let paragraph = self.read_text("p")?;
                        self.header.source.push(paragraph);
                    }
                    "body" => return Ok(()),
                    other => {
                        let other = other.to_string();
                        self.xml.skip_element(&other)?;
                    }
                },
                Event::Empty(e) if e.local_name().as_ref() == "body" => {
                    self.done = true;
                    return Ok(());
                }
                Event::End(e) if matches!(e.local_name().as_ref(), "martif" | "tbx" | "text") => {
                    // no body: an empty glossary
                    self.done = true;
                    return Ok(());
                }
                Event::GeneralRef(r) if seen_root => {
                    let mut ignored = String::new();
                    self.reference(&r, &mut ignored)?;
                }
                Event::Eof if !seen_root => return Err(self.xml.error("not a TBX file: no <martif> or <tbx> element")),
                Event::Eof => return Err(self.xml.unexpected_end("body")),
                _ => {}
            }
        }
    }

    /// Appends the character of a reference (`&amp;`, `&#x627;`), or fails
    /// for any other entity, which is not expanded.
    fn reference(&self, name: &str, out: &mut String) -> Result<(), FormatError> {
        match push_predefined(name, out) {
            Ok(true) => Ok(()),
            Ok(false) => Err(self.xml.error(format!("entity &{name}; is not expanded (a TBX file needs none beyond XML's five)"))),
            Err(problem) => Err(self.xml.error(problem)),
        }
    }

    /// The text content of an element whose start was just read, inline
    /// markup dropped, trimmed.
    fn read_text(&mut self, name: &str) -> Result<String, FormatError> {
        let mut buf = Vec::new();
        let mut out = String::new();
        let mut depth = 1;
        loop {
            match self.xml.next(&mut buf)? {
                Event::Text(t) => out.push_str(&t.xml10_content()),
                Event::CData(t) => out.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => self.reference(&r, &mut out)?,
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(out.trim().to_string());
                    }
                }
                Event::Eof => return Err(self.xml.unexpected_end(name)),
                _ => {}
            }
        }
    }

    /// Reads a concept whose start was just read.
    fn read_concept(&mut self, start: &BytesStart<'_>) -> Result<Concept, FormatError> {
        let mut concept = Concept { id: self.attribute(start, "id")?, line: self.xml.line, ..Concept::default() };
        let concept_name = start.local_name().as_ref().to_string();
        // where the next field goes: the concept, its last language, or that language's last term
        #[derive(PartialEq)]
        enum Level {
            Concept,
            Language,
            Term,
        }
        fn push_field(concept: &mut Concept, level: &Level, field: Field) {
            match level {
                Level::Concept => concept.fields.push(field),
                Level::Language => concept.languages.last_mut().expect("in a language").fields.push(field),
                Level::Term => concept.languages.last_mut().and_then(|l| l.terms.last_mut()).expect("in a term").fields.push(field),
            }
        }
        let mut level = Level::Concept;
        let mut has_language_section = false;
        let mut buf = Vec::new();
        loop {
            let event = self.xml.next(&mut buf)?;
            let empty = matches!(event, Event::Empty(_));
            match event {
                Event::Start(e) | Event::Empty(e) if matches!(e.local_name().as_ref(), "langSet" | "langSec") => {
                    let lang = self.attribute(&e, "xml:lang")?.ok_or_else(|| self.xml.error("a language section without xml:lang"))?;
                    has_language_section = true;
                    if !empty {
                        concept.languages.push(LangSection { lang, ..LangSection::default() });
                        level = Level::Language;
                    }
                }
                Event::End(e) if matches!(e.local_name().as_ref(), "langSet" | "langSec") => {
                    // a section left without a term says nothing
                    if concept.languages.last().is_some_and(|l| l.terms.is_empty()) {
                        concept.languages.pop();
                    }
                    level = Level::Concept;
                }
                Event::Start(e) if matches!(e.local_name().as_ref(), "tig" | "ntig" | "termSec") => {
                    let language = concept.languages.last_mut().ok_or_else(|| self.xml.error("a term outside a language section"))?;
                    language.terms.push(Term::default());
                    level = Level::Term;
                }
                Event::End(e) if matches!(e.local_name().as_ref(), "tig" | "ntig" | "termSec") => {
                    let terms = &mut concept.languages.last_mut().expect("a term was started").terms;
                    let term = terms.last_mut().expect("a term was started");
                    if term.text.is_empty() {
                        // an empty term (translate-toolkit's for an untranslated entry) is no term
                        terms.pop();
                    } else {
                        // termNotes first, as TBX v3 orders them
                        term.fields.sort_by_key(|f| f.element != FieldElement::TermNote);
                    }
                    level = Level::Language;
                }
                Event::Start(e) if e.local_name().as_ref() == "term" => {
                    if level != Level::Term {
                        return Err(self.xml.error("<term> outside a term section"));
                    }
                    let text = self.read_text("term")?;
                    let term = concept.languages.last_mut().and_then(|l| l.terms.last_mut()).expect("in a term");
                    term.text = text;
                }
                Event::Start(e) if FieldElement::from_name(e.local_name().as_ref()).is_some() => {
                    let element = FieldElement::from_name(e.local_name().as_ref()).expect("a field");
                    let kind = if element == FieldElement::Note { None } else { self.attribute(&e, "type")? };
                    let value = self.read_text(element.name())?;
                    push_field(&mut concept, &level, Field { element, kind, value });
                }
                Event::Start(e) if FieldElement::from_dca_name(e.local_name().as_ref()).is_some() => {
                    let name = e.local_name().as_ref().to_string();
                    let element = FieldElement::from_dca_name(&name).expect("a data category");
                    let value = self.read_text(&name)?;
                    let kind = Some(name);
                    push_field(&mut concept, &level, Field { element, kind, value });
                }
                // groups are read through
                Event::Start(e) if matches!(e.local_name().as_ref(), "descripGrp" | "adminGrp" | "termNoteGrp" | "termGrp") => {}
                Event::End(e) if matches!(e.local_name().as_ref(), "descripGrp" | "adminGrp" | "termNoteGrp" | "termGrp") => {}
                Event::Start(e) => {
                    let name = e.local_name().as_ref().to_string();
                    self.xml.skip_element(&name)?;
                }
                Event::End(_) => {
                    // the concept's own end (check_end_names has matched it)
                    if !has_language_section {
                        return Err(self.xml.error(format!("<{concept_name}> without a language section")));
                    }
                    return Ok(concept);
                }
                Event::GeneralRef(r) => {
                    let mut ignored = String::new();
                    self.reference(&r, &mut ignored)?;
                }
                Event::Eof => return Err(self.xml.unexpected_end(&concept_name)),
                _ => {}
            }
        }
    }
}

impl<R: Read> Iterator for TbxReader<R> {
    type Item = Result<Concept, FormatError>;

    /// The next concept; `None` after `</body>`. After an error the
    /// reader stops.
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut buf = Vec::new();
        let result = loop {
            match self.xml.next(&mut buf) {
                Err(e) => break Some(Err(e)),
                Ok(Event::Start(e)) if is_concept(e.local_name().as_ref()) => {
                    let start = e.into_owned();
                    break Some(self.read_concept(&start));
                }
                Ok(Event::Start(e)) => {
                    let name = e.local_name().as_ref().to_string();
                    if let Err(e) = self.xml.skip_element(&name) {
                        break Some(Err(e));
                    }
                }
                Ok(Event::End(_)) => break None, // </body>
                Ok(Event::Eof) => break Some(Err(self.xml.unexpected_end("body"))),
                Ok(_) => {}
            }
        };
        if !matches!(result, Some(Ok(_))) {
            self.done = true;
        }
        result
    }
}

/// Whether `id` can be an `xs:ID` (an XML NCName), as `conceptEntry`'s
/// `id` must; checked on ASCII, and any other letter is taken as a name
/// character (XML 1.0 fifth edition allows nearly all of them).
fn is_ncname(id: &str) -> bool {
    let mut chars = id.chars();
    let start_ok = |c: char| c.is_alphabetic() || c == '_';
    chars.next().is_some_and(start_ok) && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.') || !c.is_ascii())
}

/// The element names of one TBX version, for the writer.
struct Names {
    header: &'static str,
    concept: &'static str,
    language: &'static str,
    term: &'static str,
}

impl TbxVersion {
    fn names(self) -> Names {
        match self {
            TbxVersion::V3 => Names { header: "tbxHeader", concept: "conceptEntry", language: "langSec", term: "termSec" },
            TbxVersion::Martif2008 => Names { header: "martifHeader", concept: "termEntry", language: "langSet", term: "tig" },
        }
    }
}

/// Writes TBX one concept at a time: v3 ([`TbxWriter::new`]), or TBX-Basic
/// 2008 `martif` for tools that read only that (translate-toolkit, older
/// CAT tools) with [`TbxWriter::with_version`].
pub struct TbxWriter<W: Write> {
    out: W,
    version: TbxVersion,
    /// Concepts given, and concepts written.
    concepts: u64,
    written: u64,
}

impl<W: Write> TbxWriter<W> {
    /// Writes the root and the header of a TBX v3 file: the glossary's
    /// language, its title if any, and the `sourceDesc` paragraphs (one
    /// saying dragoman wrote it when none are given: both versions
    /// require `sourceDesc`).
    pub fn new(out: W, lang: &str, title: Option<&str>, source: &[String]) -> std::io::Result<TbxWriter<W>> {
        TbxWriter::with_version(out, TbxVersion::V3, lang, title, source)
    }

    /// [`TbxWriter::new`] for either version. TBX 2008 output is
    /// `<martif type="TBX-Basic">` without a namespace or DOCTYPE; it is
    /// valid against the TBX 2008 core structure DTD (`TBXcoreStructV02.dtd`).
    pub fn with_version(
        mut out: W,
        version: TbxVersion,
        lang: &str,
        title: Option<&str>,
        source: &[String],
    ) -> std::io::Result<TbxWriter<W>> {
        let names = version.names();
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        match version {
            TbxVersion::V3 => {
                writeln!(out, r#"<tbx xmlns="{TBX_NAMESPACE}" type="TBX-Basic" style="dct" xml:lang="{}">"#, escape(lang, true))?
            }
            TbxVersion::Martif2008 => writeln!(out, r#"<martif type="TBX-Basic" xml:lang="{}">"#, escape(lang, true))?,
        }
        writeln!(out, "  <{}>\n    <fileDesc>", names.header)?;
        if let Some(title) = title {
            writeln!(out, "      <titleStmt>\n        <title>{}</title>\n      </titleStmt>", escape(title, false))?;
        }
        writeln!(out, "      <sourceDesc>")?;
        if source.is_empty() {
            writeln!(out, "        <p>Written by dragoman</p>")?;
        }
        for paragraph in source {
            writeln!(out, "        <p>{}</p>", escape(paragraph, false))?;
        }
        // `<body>` comes with the first concept: v3 allows a `text` without one, not an empty `body`
        writeln!(out, "      </sourceDesc>\n    </fileDesc>\n  </{}>\n  <text>", names.header)?;
        Ok(TbxWriter { out, version, concepts: 0, written: 0 })
    }

    /// Writes one concept. Its id is written as it is when it can be an
    /// XML ID; a missing one becomes `c<number>` (1-based), and one that
    /// cannot be an ID gets a `c-` in front and `_` for each character an
    /// ID cannot hold. A concept or language section without a term is
    /// refused (TBX v3 requires one), as is a term with no text.
    pub fn write_concept(&mut self, concept: &Concept) -> std::io::Result<()> {
        self.concepts += 1;
        let invalid = |problem: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, problem);
        let id = match &concept.id {
            Some(id) if is_ncname(id) => id.clone(),
            Some(id) => {
                let cleaned: String =
                    id.chars().map(|c| if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') { c } else { '_' }).collect();
                format!("c-{cleaned}")
            }
            None => format!("c{}", self.concepts),
        };
        // checked whole before a byte is written, so that a refused concept leaves no half
        if concept.languages.is_empty() {
            return Err(invalid(format!("concept {id} has no language section")));
        }
        for section in &concept.languages {
            if section.terms.is_empty() {
                return Err(invalid(format!("concept {id} has no term in {}", section.lang)));
            }
            if section.terms.iter().any(|t| t.text.trim().is_empty()) {
                return Err(invalid(format!("concept {id} has an empty term in {}", section.lang)));
            }
        }
        let mut texts = field_texts(&concept.fields);
        for section in &concept.languages {
            texts.push(&section.lang);
            texts.extend(field_texts(&section.fields));
            for term in &section.terms {
                texts.push(&term.text);
                texts.extend(field_texts(&term.fields));
            }
        }
        if let Some(c) = texts.iter().find_map(|t| super::non_xml_char(t)) {
            return Err(invalid(format!("concept {id} holds the control character U+{:04X}, which XML cannot carry", c as u32)));
        }
        if self.written == 0 {
            writeln!(self.out, "    <body>")?;
        }
        self.written += 1;
        let names = self.version.names();
        let out = &mut self.out;
        writeln!(out, r#"      <{} id="{}">"#, names.concept, escape(&id, true))?;
        write_fields(out, &concept.fields, "        ")?;
        for section in &concept.languages {
            writeln!(out, r#"        <{} xml:lang="{}">"#, names.language, escape(&section.lang, true))?;
            write_fields(out, &section.fields, "          ")?;
            for term in &section.terms {
                writeln!(out, "          <{}>\n            <term>{}</term>", names.term, escape(&term.text, false))?;
                let (notes, others): (Vec<Field>, Vec<Field>) =
                    term.fields.iter().cloned().partition(|f| f.element == FieldElement::TermNote);
                write_fields(out, &notes, "            ")?;
                write_fields(out, &others, "            ")?;
                writeln!(out, "          </{}>", names.term)?;
            }
            writeln!(out, "        </{}>", names.language)?;
        }
        writeln!(out, "      </{}>", names.concept)
    }

    /// Closes the document and gives back the output.
    pub fn finish(mut self) -> std::io::Result<W> {
        let root = match self.version {
            TbxVersion::V3 => "tbx",
            TbxVersion::Martif2008 => "martif",
        };
        if self.written > 0 {
            writeln!(self.out, "    </body>")?;
        }
        writeln!(self.out, "  </text>\n</{root}>")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// The texts of some fields (types and values), for checking.
fn field_texts(fields: &[Field]) -> Vec<&str> {
    fields.iter().flat_map(|f| [f.kind.as_deref().unwrap_or(""), f.value.as_str()]).collect()
}

fn write_fields<W: Write>(out: &mut W, fields: &[Field], indent: &str) -> std::io::Result<()> {
    for field in fields {
        let name = field.element.name();
        match field.kind.as_ref().filter(|_| field.element != FieldElement::Note) {
            Some(kind) => writeln!(out, r#"{indent}<{name} type="{}">{}</{name}>"#, escape(kind, true), escape(&field.value, false))?,
            None => writeln!(out, "{indent}<{name}>{}</{name}>", escape(&field.value, false))?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn data(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/tbx").join(name)
    }

    fn read(name: &str) -> Glossary {
        Glossary::read(std::fs::File::open(data(name)).unwrap(), name).unwrap()
    }

    fn lang(tag: &str) -> Lang {
        Lang::parse(tag).unwrap()
    }

    fn concept<'g>(glossary: &'g Glossary, id: &str) -> &'g Concept {
        glossary.concepts.iter().find(|c| c.id.as_deref() == Some(id)).unwrap()
    }

    fn terms(concept: &Concept, tag: &str) -> Vec<String> {
        concept.language(&lang(tag)).unwrap().terms.iter().map(|t| t.text.clone()).collect()
    }

    fn field(element: FieldElement, kind: Option<&str>, value: &str) -> Field {
        Field::new(element, kind, value)
    }

    /// Where the shared schemas are: `$DRAGOMAN_SCHEMAS`, else
    /// `../shared/data/schemas` beside the repository (as in CI); `None`
    /// when missing (outside CI: skipped with a note; under CI a failure).
    fn schemas() -> Option<PathBuf> {
        let dir = std::env::var_os("DRAGOMAN_SCHEMAS")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/schemas"));
        if dir.join("tbx").is_dir() {
            return Some(dir);
        }
        assert!(std::env::var_os("CI").is_none(), "the TBX schemas are needed under CI: {} is missing", dir.display());
        eprintln!("note: {} is missing (set DRAGOMAN_SCHEMAS), so written TBX is not validated", dir.display());
        None
    }

    /// Whether `file` validates against a TBX schema from the shared
    /// schema folder, by xmllint (checked with libxml2 2.9.14): `--schema`
    /// for the XSD, `--relaxng` for the RNG, `--dtdvalid` for the DTD.
    /// `None` when xmllint or the schemas are missing (outside CI: skipped
    /// with a note; under CI, which installs xmllint, a failure).
    fn xmllint_valid(file: &Path, option: &str, schema: &str) -> Option<bool> {
        let schemas = schemas()?;
        crate::formats::checker::accepts(
            std::process::Command::new("xmllint")
                .env("XML_CATALOG_FILES", schemas.join("catalog.xml"))
                .args(["--noout", "--nonet", option])
                .arg(schemas.join("tbx").join(schema))
                .arg(file),
            "written TBX is not validated",
            "Debian: apt-get install libxml2-utils",
        )
    }

    #[test]
    fn every_part_of_a_tbx_basic_2008_glossary_is_read() {
        let glossary = read("dispatch-basic.tbx");
        let header = &glossary.header;
        assert_eq!(
            (header.version, header.dialect.as_deref(), header.lang.as_deref()),
            (TbxVersion::Martif2008, Some("TBX-Basic"), Some("en"))
        );
        assert_eq!(header.title.as_deref(), Some("Middle East desk glossary"));
        // the encodingDesc's paragraph is not a source paragraph
        assert_eq!(header.source, ["Exported from the Arabic desk's termbase, November 2026"]);
        assert_eq!(glossary.concepts.len(), 3);

        let bureau = concept(&glossary, "hamas-political-bureau");
        assert_eq!(bureau.line, 19);
        assert_eq!(
            bureau.fields,
            [
                field(FieldElement::Descrip, Some("subjectField"), "politics"),
                field(
                    FieldElement::Descrip,
                    Some("definition"),
                    "The leading body of Hamas, which sets its policy and speaks for it abroad."
                ),
                field(FieldElement::Admin, Some("source"), "Desk style guide, section 4"),
            ]
        );
        assert_eq!(terms(bureau, "en"), ["Hamas political bureau", "Hamas politburo"]);
        let politburo = &bureau.language(&lang("en")).unwrap().terms[1];
        assert_eq!(politburo.status(), Some(TermStatus::Admitted));
        assert_eq!(politburo.fields[1], field(FieldElement::Note, None, "Headlines only."));
        let arabic = bureau.language(&lang("ar")).unwrap();
        assert_eq!(arabic.terms[1].text, "المكتب السياسي");
        assert_eq!(arabic.terms[1].term_note("termType"), Some("shortForm"));
        assert_eq!(arabic.terms[1].fields[1].value, "بعد ذكر الاسم الكامل في الخبر");

        let haniya = concept(&glossary, "ismail-haniya");
        assert_eq!(
            haniya.fields,
            [field(FieldElement::Note, None, "Head of the Hamas political bureau from 2017 until his death in 2024.")]
        );
        assert_eq!(terms(haniya, "en"), ["Isma'il Haniya", "Haniyeh", "Haniyah"]);
        let english = &haniya.language(&lang("en-GB")).unwrap().terms;
        assert_eq!(english.iter().map(Term::is_deprecated).collect::<Vec<_>>(), [false, true, true]);

        let council = concept(&glossary, "unsc");
        assert_eq!(council.fields[0].value, "The organ of the United Nations responsible for international peace & security.");
        // ntig/termGrp are read through; the admin after termGrp belongs to the term
        let full = &council.language(&lang("en")).unwrap().terms[0];
        assert_eq!(full.text, "United Nations Security Council");
        assert_eq!(
            full.fields,
            [
                field(FieldElement::TermNote, Some("termType"), "fullForm"),
                field(FieldElement::Admin, Some("source"), "UN Terminology Database")
            ]
        );
        assert_eq!(terms(council, "fr"), ["Conseil de sécurité"]);
    }

    #[test]
    fn a_tbx_v3_glossary_in_its_namespace_is_read() {
        let glossary = read("dispatch-v3.tbx");
        assert_eq!((glossary.header.version, glossary.header.title.as_deref()), (TbxVersion::V3, Some("Gaza dispatch terms")));
        let ceasefire = concept(&glossary, "ceasefire");
        assert_eq!(terms(ceasefire, "ar"), ["وقف إطلاق النار", "هدنة"]);
        // inline markup is dropped from the value
        assert_eq!(ceasefire.language(&lang("en")).unwrap().terms[1].fields[1].value, "Use for the hudna offers only.");
        let rafah = concept(&glossary, "rafah-crossing");
        assert_eq!(
            rafah.language(&lang("ar")).unwrap().fields,
            [field(FieldElement::Descrip, Some("context"), "أعيد فتح معبر رفح أمام المسافرين صباح الإثنين.")]
        );
    }

    #[test]
    fn variants_seen_in_the_wild_are_read() {
        // TBX v3 in DCA style, data categories as module elements
        let dca = r#"<tbx xmlns="urn:iso:std:iso:30042:ed-2" xmlns:basic="http://www.tbxinfo.net/ns/basic" type="TBX-Basic" style="dca" xml:lang="en">
<tbxHeader><fileDesc><sourceDesc><p>desk</p></sourceDesc></fileDesc></tbxHeader><text><body>
<conceptEntry id="unsc"><basic:subjectField>diplomacy</basic:subjectField>
<langSec xml:lang="en"><termSec><term>UNSC</term><basic:termType>abbreviation</basic:termType>
<basic:administrativeStatus>admittedTerm-admn-sts</basic:administrativeStatus><basic:source>UNTERM</basic:source></termSec></langSec>
</conceptEntry></body></text></tbx>"#;
        let glossary = Glossary::read(dca.as_bytes(), "dca.tbx").unwrap();
        let council = &glossary.concepts[0];
        assert_eq!(council.fields, [field(FieldElement::Descrip, Some("subjectField"), "diplomacy")]);
        let term = &council.languages[0].terms[0];
        assert_eq!(term.term_note("termType"), Some("abbreviation"));
        assert_eq!(term.status(), Some(TermStatus::Admitted));
        assert_eq!(term.fields[2], field(FieldElement::Admin, Some("source"), "UNTERM"));
        // martif with body straight under the root and no header; v3 with no header
        let bare = r#"<martif type="TBX-Basic"><body><termEntry><langSet xml:lang="ar"><tig><term>غزة</term></tig></langSet></termEntry></body></martif>"#;
        let glossary = Glossary::read(bare.as_bytes(), "bare.tbx").unwrap();
        assert_eq!((glossary.concepts[0].id.as_deref(), glossary.concepts[0].languages[0].terms[0].text.as_str()), (None, "غزة"));
        let headless = r#"<tbx><text><body><conceptEntry id="c-1"><langSec xml:lang="en"><termSec id="t-1"><term>Checkout</term></termSec></langSec></conceptEntry></body></text></tbx>"#;
        assert_eq!(Glossary::read(headless.as_bytes(), "headless.tbx").unwrap().concepts[0].languages[0].terms[0].text, "Checkout");
    }

    #[test]
    fn names_are_entries_with_a_proper_noun_or_a_note_saying_name() {
        let basic = read("dispatch-basic.tbx");
        let v3 = read("dispatch-v3.tbx");
        let named: Vec<(&str, bool)> = basic.concepts.iter().chain(&v3.concepts).map(|c| (c.id.as_deref().unwrap(), c.is_name())).collect();
        assert_eq!(
            named,
            [("hamas-political-bureau", false), ("ismail-haniya", true), ("unsc", false), ("ceasefire", false), ("rafah-crossing", true)]
        );
        let mut subject = Concept {
            languages: vec![LangSection { lang: "en".into(), fields: vec![], terms: vec![Term::new("Gaza")] }],
            ..Concept::default()
        };
        assert!(!subject.is_name());
        subject.fields.push(field(FieldElement::Descrip, Some("subjectField"), "Proper Name"));
        assert!(subject.is_name());
    }

    #[test]
    fn a_name_entry_gives_its_preferred_spelling_and_variants_per_language() {
        let basic = read("dispatch-basic.tbx");
        let row = |preferred: &str, variants: &[&str]| (preferred.to_string(), variants.iter().map(|v| v.to_string()).collect::<Vec<_>>());
        assert_eq!(basic.name_spellings(&lang("en")), [row("Isma'il Haniya", &["Haniyeh", "Haniyah"])]);
        assert_eq!(basic.name_spellings(&lang("ar")), [row("إسماعيل هنية", &[])]);
        assert_eq!(basic.name_spellings(&lang("fr")), [row("Ismaïl Haniyeh", &[])]);
        // not names: the bureau and the council have spellings too, but no row
        assert_eq!(concept(&basic, "unsc").name_spellings(&lang("en")), None);
        let v3 = read("dispatch-v3.tbx");
        assert_eq!(v3.name_spellings(&lang("ar")), [row("معبر رفح", &[])]);
        assert!(v3.name_spellings(&lang("de")).is_empty());
    }

    #[test]
    fn the_preferred_term_is_the_one_marked_else_the_first_not_deprecated() {
        let basic = read("dispatch-basic.tbx");
        let preferred = |id: &str, tag: &str| concept(&basic, id).preferred_term(&lang(tag)).map(|t| t.text.clone());
        assert_eq!(preferred("ismail-haniya", "en").as_deref(), Some("Isma'il Haniya"));
        assert_eq!(preferred("ismail-haniya", "fr").as_deref(), Some("Ismaïl Haniyeh"));
        assert_eq!(preferred("ismail-haniya", "ar").as_deref(), Some("إسماعيل هنية"));
        assert_eq!(preferred("unsc", "en").as_deref(), Some("Security Council"));
        assert_eq!(preferred("unsc", "ar").as_deref(), Some("مجلس الأمن"));
        assert_eq!(preferred("unsc", "fr").as_deref(), Some("Conseil de sécurité"));
        assert_eq!(preferred("unsc", "de"), None);
        let mut only_deprecated = concept(&basic, "ismail-haniya").clone();
        only_deprecated.languages[0].terms.remove(0);
        assert_eq!(only_deprecated.preferred_term(&lang("en")), None);
    }

    #[test]
    fn a_written_glossary_validates_against_its_schemas_and_reads_back_identically() {
        let dir = tempfile::tempdir().unwrap();
        let checks = |version| match version {
            TbxVersion::V3 => vec![("--schema", "TBX_core.xsd"), ("--relaxng", "TBXcoreStructV03.rng")],
            TbxVersion::Martif2008 => vec![("--dtdvalid", "TBXcoreStructV02.dtd")],
        };
        for name in ["dispatch-basic.tbx", "dispatch-v3.tbx"] {
            for version in [TbxVersion::V3, TbxVersion::Martif2008] {
                let glossary = read(name);
                let written = dir.path().join(format!("{version:?}-{name}"));
                glossary.write_as(std::fs::File::create(&written).unwrap(), version).unwrap();
                let mut again = Glossary::read(std::fs::File::open(&written).unwrap(), name).unwrap();
                assert_eq!((again.header.version, again.header.dialect.as_deref()), (version, Some("TBX-Basic")));
                assert_eq!(
                    (&again.header.lang, &again.header.title, &again.header.source),
                    (&glossary.header.lang, &glossary.header.title, &glossary.header.source)
                );
                assert!(again.concepts.iter().all(|c| c.line > 0));
                let lines = |g: &mut Glossary| g.concepts.iter_mut().for_each(|c| c.line = 0);
                let mut want = glossary.clone();
                lines(&mut want);
                lines(&mut again);
                assert_eq!(again.concepts, want.concepts, "{name} as {version:?}");
                for (option, schema) in checks(version) {
                    if let Some(valid) = xmllint_valid(&written, option, schema) {
                        assert!(valid, "{name} as {version:?} against {schema}");
                    }
                }
            }
        }
        // and validation can fail: a conceptEntry without its id
        let broken = dir.path().join("broken.tbx");
        let text = std::fs::read_to_string(dir.path().join("V3-dispatch-v3.tbx")).unwrap();
        std::fs::write(&broken, text.replace(r#"<conceptEntry id="ceasefire">"#, "<conceptEntry>")).unwrap();
        for (option, schema) in [("--schema", "TBX_core.xsd"), ("--relaxng", "TBXcoreStructV03.rng")] {
            assert_ne!(xmllint_valid(&broken, option, schema), Some(true));
        }
    }

    /// What `script` prints, run by python3 with translate-toolkit
    /// ([`crate::formats::checker::translate_toolkit`]).
    fn translate_toolkit(script: &str, args: &[&Path]) -> Option<String> {
        crate::formats::checker::translate_toolkit(script, args, "TBX")
    }

    #[test]
    fn a_glossary_translate_toolkit_writes_is_read() {
        let script = r#"
import sys
from translate.storage import tbx
store = tbx.tbxfile(sourcelanguage="en", targetlanguage="ar")
for source, target in [("Security Council", "مجلس الأمن"), ("ceasefire", "وقف إطلاق النار"), ("peace & security", "السلم والأمن")]:
    unit = store.addsourceunit(source)
    unit.target = target
store.units[0].addnote("Short form after the first mention", origin="translator")
store.addsourceunit("curfew").target = ""
with open(sys.argv[1], "wb") as out:
    out.write(bytes(store))
"#;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("toolkit.tbx");
        let Some(_) = translate_toolkit(script, &[&file]) else { return };
        let glossary = Glossary::read(std::fs::File::open(&file).unwrap(), "toolkit.tbx").unwrap();
        assert_eq!(glossary.header.version, TbxVersion::Martif2008);
        let pairs: Vec<(String, String)> =
            glossary.concepts[..3].iter().map(|c| (terms(c, "en")[0].clone(), terms(c, "ar")[0].clone())).collect();
        assert_eq!(
            pairs,
            [
                ("Security Council".to_string(), "مجلس الأمن".to_string()),
                ("ceasefire".to_string(), "وقف إطلاق النار".to_string()),
                ("peace & security".to_string(), "السلم والأمن".to_string())
            ]
        );
        // its note, written after the language sections, is the concept's
        assert_eq!(glossary.concepts[0].fields, [field(FieldElement::Note, None, "Short form after the first mention")]);
        // and the empty term it writes for an untranslated entry is none
        let curfew = glossary.concepts.last().unwrap();
        assert_eq!(curfew.languages.iter().map(|l| l.lang.as_str()).collect::<Vec<_>>(), ["en"]);
        assert_eq!(terms(curfew, "en"), ["curfew"]);
    }

    #[test]
    fn a_tbx_2008_glossary_dragoman_writes_is_read_by_translate_toolkit() {
        let glossary = read("dispatch-basic.tbx");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("desk.tbx");
        glossary.write_as(std::fs::File::create(&file).unwrap(), TbxVersion::Martif2008).unwrap();
        let script = r#"
import json, sys
from translate.storage import tbx
store = tbx.tbxfile.parsefile(sys.argv[1])
store.settargetlanguage("ar")
print(json.dumps([[u.source, u.target] for u in store.units], ensure_ascii=False))
"#;
        let Some(json) = translate_toolkit(script, &[&file]) else { return };
        let theirs: Vec<(String, String)> = serde_json::from_str(&json).unwrap();
        let ours: Vec<(String, String)> =
            glossary.concepts.iter().map(|c| (terms(c, "en")[0].clone(), terms(c, "ar")[0].clone())).collect();
        assert_eq!(theirs, ours);
    }

    #[test]
    fn ids_that_cannot_be_xml_ids_are_made_into_ones() {
        let concept = |id: Option<&str>| Concept {
            id: id.map(String::from),
            languages: vec![LangSection { lang: "ar".into(), fields: vec![], terms: vec![Term::new("غزة")] }],
            ..Concept::default()
        };
        let mut writer = TbxWriter::new(Vec::new(), "ar", None, &[]).unwrap();
        for id in [None, Some("12 bad/id"), Some("مدينة-غزة"), Some("gaza")] {
            writer.write_concept(&concept(id)).unwrap();
        }
        let empty = Concept { id: Some("x".into()), ..Concept::default() };
        assert_eq!(writer.write_concept(&empty).unwrap_err().to_string(), "concept x has no language section");
        let mut control = concept(Some("bell"));
        control.languages[0].terms.push(Term { text: "غزة".into(), fields: vec![field(FieldElement::Note, None, "ring \u{7}")] });
        assert_eq!(
            writer.write_concept(&control).unwrap_err().to_string(),
            "concept bell holds the control character U+0007, which XML cannot carry"
        );
        let text = String::from_utf8(writer.finish().unwrap()).unwrap();
        let ids: Vec<_> = Glossary::read(text.as_bytes(), "ids.tbx").unwrap().concepts.into_iter().map(|c| c.id.unwrap()).collect();
        assert_eq!(ids, ["c1", "c-12_bad_id", "مدينة-غزة", "gaza"]);
    }

    proptest::proptest! {
        /// Whatever the texts XML can carry (trimmed, as read), a written
        /// concept reads back the same in either version.
        #[test]
        fn written_texts_read_back_the_same(
            texts in proptest::collection::vec("[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\u{FFFE}\\u{FFFF}]{1,16}", 4),
            v3 in proptest::bool::ANY,
        ) {
            let texts: Vec<&str> = texts.iter().map(|t| t.trim()).collect();
            proptest::prop_assume!(!texts[0].is_empty());
            let term = Term {
                text: texts[0].to_string(),
                fields: vec![field(FieldElement::TermNote, Some(texts[1]), texts[2]), field(FieldElement::Note, None, texts[3])],
            };
            let concept = Concept {
                id: Some("c".into()),
                fields: vec![field(FieldElement::Descrip, Some("definition"), texts[3])],
                languages: vec![LangSection { lang: "ar".into(), fields: vec![field(FieldElement::Admin, Some("source"), texts[1])], terms: vec![term] }],
                line: 0,
            };
            let version = if v3 { TbxVersion::V3 } else { TbxVersion::Martif2008 };
            let mut writer = TbxWriter::with_version(Vec::new(), version, "ar", Some(texts[2]), &[texts[1].to_string()]).unwrap();
            writer.write_concept(&concept).unwrap();
            let written = writer.finish().unwrap();
            let mut again = Glossary::read(&written[..], "p.tbx").unwrap();
            again.concepts[0].line = 0;
            proptest::prop_assert_eq!(&again.concepts, &vec![concept]);
            proptest::prop_assert_eq!(again.header.title.as_deref(), Some(texts[2]));
        }
    }

    #[test]
    fn an_empty_glossary_is_written_valid_and_reads_back_empty() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("empty.tbx");
        let mut writer = TbxWriter::new(std::fs::File::create(&file).unwrap(), "ar", Some("فارغ"), &[]).unwrap();
        // a refused concept writes nothing, not even the body it would open
        assert!(writer.write_concept(&Concept::default()).is_err());
        writer.finish().unwrap();
        let glossary = Glossary::read(std::fs::File::open(&file).unwrap(), "empty.tbx").unwrap();
        assert_eq!((glossary.header.title.as_deref(), glossary.concepts.len()), (Some("فارغ"), 0));
        assert_eq!(glossary.header.source, ["Written by dragoman"]);
        if let Some(valid) = xmllint_valid(&file, "--schema", "TBX_core.xsd") {
            assert!(valid);
        }
    }

    #[test]
    fn bad_input_is_a_one_line_error_naming_the_file_and_line() {
        let body = |concepts: &str| {
            format!("<tbx type=\"TBX-Basic\" style=\"dct\" xml:lang=\"en\"><tbxHeader/>\n<text><body>\n{concepts}\n</body></text></tbx>")
        };
        let cases = [
            (
                body("<conceptEntry id=\"a\"><langSec xml:lang=\"en\"><termSec><term>Gaza</tern></termSec>"),
                "x.tbx: line 3: ill-formed document: expected `</term>`, but `</tern>` was found",
            ),
            (
                "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\"><file/></xliff>".to_string(),
                "x.tbx: line 2: not a TBX file: the root element is <xliff>, not <martif> or <tbx>",
            ),
            ("plain text, no markup\n".to_string(), "x.tbx: line 2: not a TBX file: no <martif> or <tbx> element"),
            (
                body("<conceptEntry id=\"a\"><langSec><termSec><term>Gaza</term></termSec></langSec></conceptEntry>"),
                "x.tbx: line 3: a language section without xml:lang",
            ),
            (
                body("<conceptEntry id=\"a\">\n<langSec xml:lang=\"en\"><term>Gaza</term></langSec></conceptEntry>"),
                "x.tbx: line 4: <term> outside a term section",
            ),
            (body("<conceptEntry id=\"a\"><note>n</note></conceptEntry>"), "x.tbx: line 3: <conceptEntry> without a language section"),
            (
                body("<conceptEntry id=\"a\"><langSec xml:lang=\"en\"><termSec><term>Gaza &nbsp;</term>"),
                "x.tbx: line 3: entity &nbsp; is not expanded (a TBX file needs none beyond XML's five)",
            ),
            (
                body("<conceptEntry id=\"a\"><langSec xml:lang=\"en\">\n<termSec><term>Gaza</term>"),
                "x.tbx: line 5: ill-formed document: expected `</termSec>`, but `</body>` was found",
            ),
            (
                "<martif type=\"TBX-Basic\"><text><body>\n<termEntry id=\"a\"><langSet xml:lang=\"ar\">\n<tig><term>غزة".to_string(),
                "x.tbx: line 3: unexpected end of file inside <term> (truncated?)",
            ),
        ];
        for (text, want) in cases {
            let error = match Glossary::read(text.as_bytes(), "x.tbx") {
                Ok(g) => panic!("{text} read as {g:?}"),
                Err(e) => e.to_string(),
            };
            assert!(error.starts_with(want), "{error} for {text}");
            assert!(!error.contains('\n'), "{error}");
        }
    }

    #[test]
    fn no_entity_is_expanded_and_no_dtd_is_fetched() {
        let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE martif SYSTEM "http://example.invalid/TBXcoreStructV02.dtd" [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<martif type="TBX-Basic" xml:lang="en"><text><body>
<termEntry id="a"><langSet xml:lang="en"><tig><term>&lol3;</term></tig></langSet></termEntry>
</body></text></martif>"#;
        let error = Glossary::read(bomb.as_bytes(), "bomb.tbx").unwrap_err().to_string();
        assert_eq!(error, "bomb.tbx: line 8: entity &lol3; is not expanded (a TBX file needs none beyond XML's five)");
        // character references are read
        let ok = bomb.replace("&lol3;", "&#x63A;&#1586;&#x629; &amp; co");
        let glossary = Glossary::read(ok.as_bytes(), "ok.tbx").unwrap();
        assert_eq!(glossary.concepts[0].languages[0].terms[0].text, "غزة & co");
    }
}
