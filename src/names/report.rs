//! Names across documents: the names a scan finds in a set of documents
//! ([`super::scan`], [`super::uncased`]) made into entities, each person,
//! place or group with its spellings, how often and where each is
//! written, and how inconsistent the documents are about it, the least
//! consistent first: the report of `names scan` over a folder.
//!
//! ```
//! use dragoman::names::report::{Mentions, Place};
//!
//! let mut mentions = Mentions::default();
//! let at = |line| Place { file: "wire.txt".to_string(), line, column: 1 };
//! mentions.add("Ismail Haniyeh", at(1), None);
//! mentions.add("Haniyeh", at(2), None);
//! mentions.add("Ismail Haniyeh", at(5), None);
//! mentions.add("Ismail Haniya", at(9), None);
//! let entities = mentions.entities();
//! assert_eq!(entities.len(), 1);
//! // the commonest full spelling names it
//! assert_eq!(entities[0].name, "Ismail Haniyeh");
//! // the surname alone is consistent with the full name, Haniya is not
//! assert_eq!(entities[0].off_spelling, 1);
//! ```

use crate::lang::Script;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Where a name is written: file, 1-based line and column (characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// One spelling of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spelling {
    pub spelling: String,
    pub count: usize,
    /// The files it occurs in, in order.
    pub files: Vec<String>,
    pub places: Vec<Place>,
    /// The English form, when a list of known names or the house style
    /// gave it (names found in scripts without capitals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known_as: Option<String>,
}

/// A person, place or group of the documents, with its spellings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// The name: its commonest full spelling.
    pub name: String,
    pub mentions: usize,
    /// Mentions written neither as the commonest full spelling nor as
    /// its last word alone (the surname), nor as another form of the same
    /// known name: how inconsistent the documents are about this name
    /// (the sort order).
    pub off_spelling: usize,
    pub files: usize,
    /// The spellings, the commonest first.
    pub variants: Vec<Spelling>,
}

impl Entity {
    /// Spellings that differ in more than case (DOHA and Doha are one).
    pub fn distinct_spellings(&self) -> usize {
        let mut seen: Vec<String> = self.variants.iter().map(|v| v.spelling.to_lowercase()).collect();
        seen.sort();
        seen.dedup();
        seen.len()
    }
}

/// The names found in a set of documents, as they are added.
#[derive(Debug, Default)]
pub struct Mentions {
    /// Spelling (whitespace normalised, in lower case: CAIRO and Cairo
    /// are one spelling) → places and known name.
    spellings: BTreeMap<String, (Vec<Place>, Option<String>)>,
    /// The forms each spelling is written in, with how often each.
    written: BTreeMap<String, Vec<(String, usize)>>,
    /// The spellings in the order first met.
    order: Vec<String>,
}

impl Mentions {
    /// Adds a name as written at `place`, with the English form a list
    /// of known names or the house style gave it.
    pub fn add(&mut self, written: &str, place: Place, known_as: Option<String>) {
        let spelled = written.split_whitespace().collect::<Vec<_>>().join(" ");
        let key = spelled.to_lowercase();
        let forms = self.written.entry(key.clone()).or_default();
        match forms.iter_mut().find(|(form, _)| *form == spelled) {
            Some((_, count)) => *count += 1,
            None => forms.push((spelled, 1)),
        }
        let entry = self.spellings.entry(key.clone()).or_insert_with(|| {
            self.order.push(key);
            (Vec::new(), None)
        });
        entry.0.push(place);
        if entry.1.is_none() {
            entry.1 = known_as;
        }
    }

    /// The entities of the names added: spellings that are the same name
    /// ([`super::cluster`]), a surname alone with the one full name it
    /// belongs to, the forms of one known name together; the least
    /// consistent first, then those of more spellings, more mentions, and
    /// by name.
    pub fn entities(&self) -> Vec<Entity> {
        // each spelling shown in the form it is written in most often in
        // ordinary case (Cairo, not the CAIRO of a dateline)
        let shown: Vec<String> = self.order.iter().map(|key| shown_form(&self.written[key])).collect();
        let known: Vec<Option<&str>> = self.order.iter().map(|key| self.spellings[key].1.as_deref()).collect();
        let clusters = super::cluster(&shown, super::SAME_NAME_THRESHOLD);
        let clusters = one_entity_a_known_name(&known, people(&shown, one_entity_the_cases_of_a_name(&shown, clusters)));
        let mut entities: Vec<Entity> = clusters
            .into_iter()
            .map(|members| {
                let mut variants: Vec<Spelling> = members
                    .iter()
                    .map(|&i| {
                        let (places, known_as) = self.spellings[&self.order[i]].clone();
                        let mut files: Vec<String> = Vec::new();
                        for p in &places {
                            if !files.contains(&p.file) {
                                files.push(p.file.clone());
                            }
                        }
                        Spelling { spelling: shown[i].clone(), count: places.len(), files, places, known_as }
                    })
                    .collect();
                variants.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.spelling.cmp(&b.spelling)));
                entity(variants)
            })
            .collect();
        entities.sort_by(|a, b| {
            b.off_spelling
                .cmp(&a.off_spelling)
                .then(b.distinct_spellings().cmp(&a.distinct_spellings()))
                .then(b.mentions.cmp(&a.mentions))
                .then_with(|| a.name.cmp(&b.name))
        });
        entities
    }
}

/// What a [`Survey`] made of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Names were found (how many mentions).
    Names(usize),
    /// The document holds no text.
    Empty,
    /// The text was read in this script, and no name found in it.
    NoNames(Option<Script>),
    /// Names cannot be found in this script (Thai, Georgian …).
    Unreadable(Option<Script>),
}

/// The scan of a set of documents: what it knows, then the names of each
/// document added to one [`Mentions`].
///
/// What it knows, besides each text: the house style (its spellings are
/// names wherever they stand, in every script), the names the cased
/// documents of the set write inside a sentence ([`Survey::learn_document`]:
/// "Haniya said" starting one document is a name when another writes
/// "Ismail Haniya"), and a memory's pairs ([`Survey::learn_pair`], after
/// the documents): the names their cased sides write inside a sentence,
/// where the documents have a word the place of which does not tell, and
/// the Arabic, Persian, Urdu and Hebrew words aligned with names, where
/// the set has documents in those scripts ([`super::uncased::PairNames`]).
///
/// ```
/// use dragoman::names::report::{Reading, Survey};
///
/// let today = "Sinwar was killed in Rafah.";
/// let mut survey = Survey::new(None);
/// survey.learn_document(today);
/// // an earlier dispatch of the memory names the man inside a sentence
/// survey.learn_pair("Israel said it had killed Yahya Sinwar.", "قالت إسرائيل إنها قتلت يحيى السنوار.");
/// assert_eq!(survey.scan("today.txt", today), Reading::Names(2));
/// assert_eq!(survey.mentions().entities()[0].name, "Rafah");
/// ```
#[derive(Debug)]
pub struct Survey<'s> {
    style: Option<&'s super::HouseStyle>,
    pairs: super::uncased::PairNames,
    elsewhere: super::scan::NamedElsewhere,
    /// Whether a document of the set is in Arabic or Hebrew script (the
    /// memory's pairs teach their names).
    uncased_documents: bool,
    /// The consonants of the keys ([`super::NameWord::consonants`]) and
    /// the Russian stems of the documents' words that start a sentence or
    /// stand in a headline ([`super::scan::undecided_words`]): a pair of the
    /// memory that writes none of them teaches the scan nothing.
    undecided: HashSet<String>,
    /// The capitalised words of the memory's pairs met so far, and
    /// whether each is one of `undecided`.
    answering: HashMap<String, bool>,
    mentions: Mentions,
}

impl<'s> Survey<'s> {
    /// A survey that knows the house style (an empty style is none).
    pub fn new(style: Option<&'s super::HouseStyle>) -> Survey<'s> {
        let style = style.filter(|s| !s.is_empty());
        let mut elsewhere = super::scan::NamedElsewhere::default();
        if let Some(style) = style {
            elsewhere.learn_style(style);
        }
        Survey {
            style,
            pairs: Default::default(),
            elsewhere,
            uncased_documents: false,
            undecided: HashSet::new(),
            answering: HashMap::new(),
            mentions: Mentions::default(),
        }
    }

    /// Learns from a document of the set, before any is scanned: the
    /// names it writes inside its sentences, and what the memory's pairs
    /// should be read for.
    pub fn learn_document(&mut self, text: &str) {
        match crate::lang::dominant_script(text) {
            Some(Script::Arabic | Script::Hebrew) => self.uncased_documents = true,
            s if is_cased(s) => {
                self.elsewhere.learn(text);
                for word in super::scan::undecided_words(text) {
                    self.undecided.extend(word_keys(word));
                }
            }
            _ => {}
        }
    }

    /// Whether a memory's pairs can teach the scan anything (see
    /// [`Survey::learn_pair`]): a document leaves a capital undecided, or
    /// is in Arabic or Hebrew script.
    pub fn wants_pairs(&self) -> bool {
        self.uncased_documents || !self.undecided.is_empty()
    }

    /// Learns from a pair of a memory (after the documents): a cased side
    /// that writes a word of the documents that their places leave
    /// undecided, as a document of the set; each side as the translation
    /// of the other, when the set has Arabic-script or Hebrew documents.
    pub fn learn_pair(&mut self, source: &str, target: &str) {
        for side in [source, target] {
            if self.undecided.is_empty() {
                break;
            }
            let mut answers = false;
            for word in capitalised_words(side) {
                let undecided = &self.undecided;
                // a memory repeats its words: each is keyed once
                answers |= *self.answering.entry(word.to_string()).or_insert_with(|| word_keys(word).iter().any(|k| undecided.contains(k)));
            }
            if answers && is_cased(crate::lang::dominant_script(side)) {
                self.elsewhere.learn(side);
            }
        }
        if self.uncased_documents {
            self.pairs.learn(source, target);
            self.pairs.learn(target, source);
        }
    }

    /// Finds the names of one document (`file` is how its places are
    /// shown) and adds them to the survey's mentions.
    pub fn scan(&mut self, file: &str, text: &str) -> Reading {
        let script = crate::lang::dominant_script(text);
        let found: Vec<(usize, usize, usize, usize, Option<String>)> = match script {
            Some(Script::Arabic | Script::Hebrew | Script::Han) => {
                let pairs = (!self.pairs.is_empty()).then_some(&self.pairs);
                super::uncased::find_names_with(text, self.style, pairs)
                    .into_iter()
                    .map(|f| (f.start, f.end, f.line, f.column, f.known_as))
                    .collect()
            }
            s if is_cased(s) => super::scan::find_names_in_set(text, &self.elsewhere)
                .into_iter()
                .map(|m| {
                    let (start, end) = m.span();
                    (start, end, m.line, m.column, super::uncased::known_cyrillic(&text[start..end]).map(str::to_string))
                })
                .collect(),
            None if text.trim().is_empty() => return Reading::Empty,
            other => return Reading::Unreadable(other),
        };
        if found.is_empty() {
            return Reading::NoNames(script);
        }
        for &(start, end, line, column, ref known_as) in &found {
            self.mentions.add(&text[start..end], Place { file: file.to_string(), line, column }, known_as.clone());
        }
        Reading::Names(found.len())
    }

    /// The names found so far.
    pub fn mentions(&self) -> &Mentions {
        &self.mentions
    }
}

/// What a word is looked up by in [`Survey::undecided`]: the consonants
/// of its key, and its Russian stems.
fn word_keys(word: &str) -> Vec<String> {
    let mut keys = super::russian::stems(word);
    keys.push(super::NameWord::new(word, super::Placement::Initial).consonants());
    keys
}

/// The words of a text that begin with a capital letter, of four
/// letters or more (as [`super::scan::undecided_words`]).
fn capitalised_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric() && !matches!(c, '\'' | '’' | '-'))
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
}

/// Whether names in this script are found by their capitals.
fn is_cased(script: Option<Script>) -> bool {
    matches!(script, Some(Script::Latin | Script::Cyrillic | Script::Greek))
}

/// The entity of these spellings (the commonest first).
fn entity(variants: Vec<Spelling>) -> Entity {
    let mentions: usize = variants.iter().map(|v| v.count).sum();
    let mut files: Vec<&String> = variants.iter().flat_map(|v| &v.files).collect();
    files.sort();
    files.dedup();
    let files = files.len();
    // the name's form: its commonest spelling of the most words, the
    // mentions of its other cases in Russian counted with it
    let most_words = variants.iter().map(|v| v.spelling.split_whitespace().count()).max().unwrap_or(1);
    let family = |v: &Spelling| -> usize {
        variants.iter().filter(|w| w.spelling == v.spelling || super::russian::same_name(&w.spelling, &v.spelling)).map(|w| w.count).sum()
    };
    let name = variants
        .iter()
        .filter(|v| v.spelling.split_whitespace().count() == most_words)
        .rev()
        .max_by_key(|v| (family(v), v.count))
        .map_or(String::new(), |v| v.spelling.clone());
    let surname = name.split_whitespace().last().unwrap_or_default().to_string();
    // forms of one known name (مصري, المصرية, مصريا: Egypt) are the
    // grammar of the language, not other spellings
    let known_as = variants.iter().find(|v| v.spelling == name).and_then(|v| v.known_as.clone());
    let consistent: usize = variants
        .iter()
        .filter(|v| {
            v.spelling == name
                || v.spelling == surname
                || (known_as.is_some() && v.known_as == known_as)
                || super::russian::same_name(&v.spelling, &name)
                || super::russian::same_word(&v.spelling, &surname)
        })
        .map(|v| v.count)
        .sum();
    Entity { name, mentions, off_spelling: mentions - consistent, files, variants }
}

/// The form of a spelling to show, of those it is written in (which
/// differ only in case): the commonest with a lower-case letter, else
/// the commonest; the first written of equals.
fn shown_form(forms: &[(String, usize)]) -> String {
    let ordinary = |form: &str| form.chars().any(char::is_lowercase);
    let best = forms.iter().rev().filter(|(form, _)| ordinary(form)).max_by_key(|(_, count)| *count);
    let best = best.or_else(|| forms.iter().rev().max_by_key(|(_, count)| *count));
    best.map_or(String::new(), |(form, _)| form.clone())
}

/// Clusters of spellings made into people: a cluster of one-word
/// spellings that is the same name as the last word (the surname) of
/// exactly one cluster of full names joins it (Haniyeh with Ismail
/// Haniyeh); a surname two full names share stays on its own.
fn people(order: &[String], clusters: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    let words = |i: usize| order[i].split_whitespace().count();
    let full: Vec<usize> = (0..clusters.len()).filter(|&c| clusters[c].iter().any(|&i| words(i) > 1)).collect();
    let mut joined: Vec<Option<usize>> = vec![None; clusters.len()];
    for (c, members) in clusters.iter().enumerate() {
        if members.iter().any(|&i| words(i) > 1) {
            continue;
        }
        let owners: Vec<usize> = full
            .iter()
            .copied()
            .filter(|&f| {
                clusters[f].iter().any(|&i| {
                    let last = order[i].split_whitespace().last().unwrap_or_default();
                    super::same_name(last, &order[members[0]]) || super::russian::same_word(last, &order[members[0]])
                })
            })
            .collect();
        if let [owner] = owners[..] {
            joined[c] = Some(owner);
        }
    }
    let mut out = clusters.clone();
    for (c, owner) in joined.iter().enumerate() {
        if let Some(owner) = owner {
            let moved = std::mem::take(&mut out[c]);
            out[*owner].extend(moved);
        }
    }
    out.retain(|c| !c.is_empty());
    out
}

/// Clusters with spellings that are the same words in other cases of
/// Russian made one (Исмаил Хания, Исмаила Хании; Хания, Ханией): a
/// declined name is the same spelling, whatever `same_name` says of its
/// endings.
fn one_entity_the_cases_of_a_name(order: &[String], clusters: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for members in clusters {
        let same = out.iter().position(|c| c.iter().any(|&i| members.iter().any(|&j| super::russian::same_name(&order[i], &order[j]))));
        match same {
            Some(at) => out[at].extend(members),
            None => out.push(members),
        }
    }
    out
}

/// Clusters whose spellings share a known name (the English form a list
/// of known names or the house style gave them) made one: the forms of a
/// word inflected around one name (المصري, المصرية, مصريا: Egypt) are one
/// entity, however far apart their letters are.
fn one_entity_a_known_name(known: &[Option<&str>], clusters: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut by_known: HashMap<&str, usize> = HashMap::new();
    for members in clusters {
        let owner = members.iter().find_map(|&i| known[i].and_then(|k| by_known.get(k).copied()));
        let at = match owner {
            Some(at) => {
                out[at].extend(members);
                at
            }
            None => {
                out.push(members);
                out.len() - 1
            }
        };
        for &i in &out[at] {
            if let Some(k) = known[i] {
                by_known.entry(k).or_insert(at);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(file: &str, line: usize) -> Place {
        Place { file: file.to_string(), line, column: 1 }
    }

    #[test]
    fn spellings_differing_only_in_case_are_one_shown_as_written_in_running_text() {
        let mut mentions = Mentions::default();
        mentions.add("CAIRO", at("a.txt", 1), None);
        mentions.add("Cairo", at("a.txt", 3), None);
        mentions.add("Cairo", at("b.txt", 2), None);
        let entities = mentions.entities();
        assert_eq!(entities.len(), 1);
        assert_eq!(entities[0].variants.len(), 1);
        assert_eq!((entities[0].name.as_str(), entities[0].mentions, entities[0].files, entities[0].off_spelling), ("Cairo", 3, 2, 0));
    }

    #[test]
    fn the_least_consistent_entity_comes_first_and_a_shared_surname_stays_apart() {
        let mut mentions = Mentions::default();
        for (k, name) in
            ["Hassan Nasrallah", "Nasrallah", "Ismail Haniyeh", "Isma'il Haniya", "Haniyah", "Abdel Salam Haniyeh"].iter().enumerate()
        {
            mentions.add(name, at("wire.txt", k + 1), None);
        }
        let entities = mentions.entities();
        let names: Vec<&str> = entities.iter().map(|e| e.name.as_str()).collect();
        // Haniyah alone is the surname of two full names: an entity of
        // its own, neither man's
        assert!(names.contains(&"Haniyah"), "{names:?}");
        let nasrallah = entities.iter().find(|e| e.name == "Hassan Nasrallah").unwrap();
        assert_eq!((nasrallah.mentions, nasrallah.off_spelling), (2, 0));
        assert!(entities[0].off_spelling >= entities.last().unwrap().off_spelling, "{entities:?}");
    }

    #[test]
    fn forms_of_one_known_name_are_one_entity_and_not_off_spelling() {
        let mut mentions = Mentions::default();
        for (k, form) in ["مصر", "مصريا", "المصرية", "المصري"].iter().enumerate() {
            mentions.add(form, at("d.ar.txt", k + 1), Some("Egypt".to_string()));
        }
        let entities = mentions.entities();
        assert_eq!(entities.len(), 1, "{entities:?}");
        assert_eq!((entities[0].mentions, entities[0].off_spelling), (4, 0));
    }

    #[test]
    fn the_cases_of_a_russian_name_are_one_entity_and_another_spelling_is_off() {
        let mut mentions = Mentions::default();
        for (k, form) in ["Хания", "Исмаила Хании", "Ханией", "Исмаил Хания"].iter().enumerate() {
            mentions.add(form, at("d.ru.txt", k + 1), None);
        }
        let entities = mentions.entities();
        assert_eq!(entities.len(), 1, "{entities:?}");
        assert_eq!((entities[0].mentions, entities[0].off_spelling), (4, 0));
        mentions.add("Исмаил Ханийе", at("d.ru.txt", 5), None);
        let entities = mentions.entities();
        assert_eq!(entities.len(), 1, "{entities:?}");
        assert_eq!(entities[0].off_spelling, 1, "{entities:?}");
    }
}
