//! Match bands: which band a segment of a job falls in, and the weight
//! of its words in a weighted word count.
//!
//! A segment takes the first band it qualifies for, in this order:
//! context match, 100%, repetition (inside the job: the second and later
//! occurrences of a source), then the fuzzy bands by the best match's
//! score, then no match. So a repeated sentence that the memory holds is
//! counted as 100%, not as a repetition, as Trados and memoQ count it
//! when the repetition also has a memory match.
//!
//! A scheme is written as a comma-separated list of `BAND=WEIGHT` (the
//! weight optional) where `BAND` is `context`, `100`, `repetitions`,
//! `none` or a score range `LOW-HIGH` (0–99); the ranges given replace
//! the default fuzzy bands and must not overlap; a score in no range is
//! "no match". Example (the default):
//! `context=0,100=0.25,repetitions=0.25,95-99=0.5,85-94=0.6,75-84=0.8,50-74=1,none=1`.

use std::fmt;

/// One band of an analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Band {
    /// The same source in the memory with the same previous and next segment.
    Context,
    /// The same source in the memory (a 100% match).
    Exact,
    /// A source met before in the same job (counted from its second occurrence).
    Repetition,
    /// The best match scores from `min` to `max` (inclusive).
    Fuzzy { min: u8, max: u8 },
    /// No match in any band.
    NoMatch,
}

impl Band {
    /// The band's name as written in a scheme and shown in reports.
    pub fn name(&self) -> String {
        match self {
            Band::Context => "context".to_string(),
            Band::Exact => "100".to_string(),
            Band::Repetition => "repetitions".to_string(),
            Band::Fuzzy { min, max } => format!("{min}-{max}"),
            Band::NoMatch => "none".to_string(),
        }
    }

    /// The band's name for people: `context match`, `100%`, `95-99%`…
    pub fn label(&self) -> String {
        match self {
            Band::Context => "context match".to_string(),
            Band::Exact => "100%".to_string(),
            Band::Repetition => "repetitions".to_string(),
            Band::Fuzzy { min, max } => format!("{min}-{max}%"),
            Band::NoMatch => "no match".to_string(),
        }
    }

    /// Whether the band is a memory match that can be taken as it is
    /// (context or 100%).
    pub fn is_exact(&self) -> bool {
        matches!(self, Band::Context | Band::Exact)
    }
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// The bands of an analysis in report order (context, 100%, repetitions,
/// the fuzzy bands from the highest, no match), each with its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct BandScheme {
    pub bands: Vec<(Band, f64)>,
}

/// The default scheme: the bands of the issue (context, 100%,
/// repetitions, 95–99, 85–94, 75–84, 50–74, no match) with a typical
/// agency weighting (context free, 100% and repetitions a quarter, fuzzy
/// matches half to most of the rate, new words full rate). There is no
/// standard grid: clients and agencies each have theirs, hence
/// [`BandScheme::parse`].
pub const DEFAULT_SCHEME: &str = "context=0,100=0.25,repetitions=0.25,95-99=0.5,85-94=0.6,75-84=0.8,50-74=1,none=1";

/// The weight of a fixed band the scheme does not mention: its default one.
fn default_weight(band: Band) -> f64 {
    match band {
        Band::Context => 0.0,
        Band::Exact | Band::Repetition => 0.25,
        _ => 1.0,
    }
}

impl Default for BandScheme {
    fn default() -> BandScheme {
        BandScheme::parse(DEFAULT_SCHEME).expect("the default scheme is valid")
    }
}

impl BandScheme {
    /// Reads a scheme as written (see the module documentation); `Err`
    /// says what is wrong in one line.
    pub fn parse(written: &str) -> Result<BandScheme, String> {
        let mut fixed: Vec<(Band, f64)> = [Band::Context, Band::Exact, Band::Repetition].iter().map(|&b| (b, default_weight(b))).collect();
        let mut none = default_weight(Band::NoMatch);
        let mut fuzzy: Vec<(Band, f64)> = Vec::new();
        for item in written.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let (name, weight) = match item.split_once('=') {
                Some((name, weight)) => {
                    let weight: f64 =
                        weight.trim().parse().map_err(|_| format!("band '{}': weight '{}' is not a number", name.trim(), weight.trim()))?;
                    if !weight.is_finite() || weight < 0.0 {
                        return Err(format!("band '{}': the weight must be 0 or more", name.trim()));
                    }
                    (name.trim(), Some(weight))
                }
                None => (item, None),
            };
            let band = match name {
                "context" => Band::Context,
                "100" => Band::Exact,
                "repetitions" => Band::Repetition,
                "none" => Band::NoMatch,
                range => {
                    let (min, max) = range.split_once('-').ok_or_else(|| {
                        format!("'{range}' is not a band: use context, 100, repetitions, none or a score range such as 75-84")
                    })?;
                    let score = |s: &str| s.trim().parse::<u8>().ok().filter(|&n| n <= 99);
                    match (score(min), score(max)) {
                        (Some(min), Some(max)) if min <= max => Band::Fuzzy { min, max },
                        _ => return Err(format!("'{range}': a score range is LOW-HIGH with 0 <= LOW <= HIGH <= 99")),
                    }
                }
            };
            let weight = weight.unwrap_or(default_weight(band));
            match band {
                Band::NoMatch => none = weight,
                Band::Fuzzy { min, max } => {
                    if let Some((other, _)) =
                        fuzzy.iter().find(|(b, _)| matches!(b, Band::Fuzzy { min: m, max: x } if min <= *x && *m <= max))
                    {
                        return Err(format!("band {} overlaps band {}", band.name(), other.name()));
                    }
                    fuzzy.push((band, weight));
                }
                fixed_band => {
                    if let Some(entry) = fixed.iter_mut().find(|(b, _)| *b == fixed_band) {
                        entry.1 = weight;
                    }
                }
            }
        }
        fuzzy.sort_by_key(|(b, _)| std::cmp::Reverse(if let Band::Fuzzy { min, .. } = b { *min } else { 0 }));
        fixed.extend(fuzzy);
        fixed.push((Band::NoMatch, none));
        Ok(BandScheme { bands: fixed })
    }

    /// The lowest score of any fuzzy band (100 when there is none): a
    /// match below it is "no match", so no look-up needs to find one.
    pub fn lowest_fuzzy_score(&self) -> u8 {
        self.bands.iter().filter_map(|(b, _)| if let Band::Fuzzy { min, .. } = b { Some(*min) } else { None }).min().unwrap_or(100)
    }

    /// The fuzzy band a best-match score below 100 falls in, or no match.
    pub fn band_of_score(&self, score: u8) -> Band {
        self.bands
            .iter()
            .map(|(b, _)| *b)
            .find(|b| matches!(b, Band::Fuzzy { min, max } if (*min..=*max).contains(&score)))
            .unwrap_or(Band::NoMatch)
    }

    /// The index of `band` in [`BandScheme::bands`].
    pub fn index_of(&self, band: Band) -> usize {
        self.bands.iter().position(|(b, _)| *b == band).unwrap_or(self.bands.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_scheme_has_the_bands_of_a_cat_analysis_in_order() {
        let names: Vec<String> = BandScheme::default().bands.iter().map(|(b, _)| b.name()).collect();
        assert_eq!(names, ["context", "100", "repetitions", "95-99", "85-94", "75-84", "50-74", "none"]);
        let scheme = BandScheme::default();
        assert_eq!(scheme.band_of_score(99), Band::Fuzzy { min: 95, max: 99 });
        assert_eq!(scheme.band_of_score(74), Band::Fuzzy { min: 50, max: 74 });
        assert_eq!(scheme.band_of_score(49), Band::NoMatch);
        assert_eq!(scheme.lowest_fuzzy_score(), 50);
    }

    #[test]
    fn a_written_scheme_replaces_the_fuzzy_bands_and_keeps_default_weights() {
        let scheme = BandScheme::parse("70-99=0.4, 100=0.1").unwrap();
        let bands: Vec<(String, f64)> = scheme.bands.iter().map(|(b, w)| (b.name(), *w)).collect();
        assert_eq!(
            bands,
            [("context".into(), 0.0), ("100".into(), 0.1), ("repetitions".into(), 0.25), ("70-99".into(), 0.4), ("none".into(), 1.0)]
        );
        assert_eq!(scheme.band_of_score(69), Band::NoMatch);
    }

    #[test]
    fn overlapping_or_malformed_bands_are_refused_with_the_reason() {
        assert_eq!(BandScheme::parse("80-99,75-85").unwrap_err(), "band 75-85 overlaps band 80-99");
        assert!(BandScheme::parse("90-100").unwrap_err().contains("HIGH <= 99"));
        assert!(BandScheme::parse("fuzzy").unwrap_err().contains("is not a band"));
        assert!(BandScheme::parse("none=-1").unwrap_err().contains("0 or more"));
        assert!(BandScheme::parse("none=x").unwrap_err().contains("not a number"));
    }
}
