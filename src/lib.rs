//! dragoman: a translation memory and sentence aligner for translators of
//! news dispatches.
//!
//! The pipeline, each stage a plain function over plain data:
//!
//! ```text
//! text ─segment─▶ sentences ─align─▶ beads ─store─▶ memory (SQLite)
//! new text ─segment─▶ sentences ─suggest─▶ matches
//! ```
//!
//! ```
//! use dragoman::align::Aligner;
//! use dragoman::lang::Lang;
//! use dragoman::segment::Segmenter;
//!
//! let ar = Segmenter::new(&Lang::parse("ar").unwrap());
//! let en = Segmenter::new(&Lang::parse("en").unwrap());
//! let src: Vec<&str> = ar.split("وصل الوفد إلى الدوحة. بدأت المحادثات.").collect();
//! let tgt: Vec<&str> = en.split("The delegation arrived in Doha. Talks began.").collect();
//! let beads = Aligner::default().align(&src, &tgt);
//! assert_eq!(beads.len(), 2);
//! ```

pub mod align;
pub mod config;
pub mod documents;
pub mod formats;
pub mod fuzzy;
pub mod hash;
pub mod lang;
pub mod memory;
pub mod names;
pub mod pool;
pub mod segment;
pub mod text;
