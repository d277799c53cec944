//! Abbreviations that end in a period without ending a sentence, per
//! language (lower case, without the final period).

const COMMON: &[&str] = &["etc", "vs", "ca", "cf", "approx", "no", "nos", "vol", "pp", "fig"];

const EN: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "sen", "rep", "gov", "pres", "st", "sr",
    "jr", "rev", "hon", "amb", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed",
    "thu", "fri", "sat", "sun", "inc", "ltd", "co", "corp", "dept", "est", "mt", "ft", "art", "sec", "para", "ch", "ed", "eds",
];

const FR: &[&str] = &[
    "m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "st", "ste", "janv", "févr", "avr", "juil", "sept", "oct", "nov", "déc", "p", "av",
];

const DE: &[&str] = &[
    "hr", "fr", "dr", "prof", "nr", "bzw", "usw", "vgl", "ca", "z", "b", "d", "h", "u", "a", "s", "str", "jan", "feb", "apr", "aug",
    "sept", "okt", "nov", "dez", "abs", "ggf", "evtl", "inkl", "zzgl",
];

const ES: &[&str] = &[
    "sr", "sra", "srta", "dr", "dra", "d", "dña", "ud", "uds", "av", "pág", "núm", "ene", "feb", "abr", "ago", "sept", "oct", "nov", "dic",
];

const RU: &[&str] =
    &["г", "гг", "т", "д", "др", "пр", "им", "ул", "стр", "см", "тыс", "млн", "млрд", "руб", "коп", "н", "э", "проф", "акад"];

/// The abbreviation list for a primary language subtag.
pub fn for_language(primary: &str) -> Vec<&'static str> {
    let own: &[&str] = match primary {
        "en" => EN,
        "fr" => FR,
        "de" => DE,
        "es" => ES,
        "ru" | "uk" | "bg" => RU,
        _ => EN,
    };
    COMMON.iter().chain(own.iter()).copied().collect()
}
