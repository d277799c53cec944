//! What each language knows about periods that do not end sentences:
//! abbreviations (lower case, without the final period), titles (which
//! always precede a name and so never end a sentence), and sentence
//! starters (capitalised words that, after an abbreviation that could
//! end a sentence, show that it did: "the U.S. How about you?").

use crate::lang::Script;

/// Abbreviations shared by the Latin-script languages.
const LATIN_COMMON: &[&str] = &["etc", "vs", "ca", "cf", "approx"];

/// Abbreviations that stand before a number ("No. 5", "p. 55", "Art. 4",
/// "Nr. 7"), in every language: before a number they never end a sentence,
/// before a word they are words again ("The answer was no. Israel …").
pub const BEFORE_NUMBERS: &[&str] = &[
    "no", "nos", "nr", "n°", "nº", "vol", "vols", "pp", "p", "pg", "fig", "figs", "art", "arts", "sec", "para", "ch", "rs", "núm", "pág",
    "págs", "párr", "párrf", "pag", "pagg", "abs", "bd",
];

const EN: &[&str] = &[
    "inc", "ltd", "co", "corp", "bros", "dept", "est", "ft", "ed", "eds", "jr", "sr", "esq", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "thu", "thur", "thurs", "fri", "pg", "op", "cit", "ibid", "al",
    "approx", "appt", "apt", "assn", "ave", "blvd", "cpl", "dist", "div", "ex", "hr", "hrs", "incl", "lb", "lbs", "min", "mins", "mo",
    "mos", "mph", "oz", "pl", "pt", "qt", "rd", "sq", "st", "tel", "univ", "yd", "yr", "yrs", "viz", "misc", "max", "govt", "intl", "natl",
    "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m",
];

const EN_TITLES: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "mmes", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "cpt", "brig", "sen",
    "rep", "gov", "pres", "rev", "hon", "amb", "fr", "mt", "ft", "supt", "insp", "atty", "mme", "mlle", "st",
];

const EN_STARTERS: &[&str] = &[
    "A",
    "An",
    "The",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Then",
    "They",
    "He",
    "She",
    "It",
    "I",
    "We",
    "You",
    "What",
    "When",
    "Where",
    "Which",
    "Who",
    "Why",
    "How",
    "However",
    "But",
    "And",
    "Did",
    "Do",
    "Does",
    "In",
    "On",
    "If",
    "Its",
    "His",
    "Her",
    "Our",
    "Their",
    "My",
    "Your",
    "Being",
    "For",
    "Millions",
    "More",
    "After",
    "Before",
    "Although",
    "Meanwhile",
    "Still",
    "Yet",
    "So",
];

const DA: &[&str] = &[
    "skt", "ca", "bl.a", "dvs", "f.eks", "mht", "pga", "jf", "kl", "nr", "s", "stk", "tlf", "vedr", "osv", "mv", "evt", "inkl", "ekskl",
    "jan", "feb", "apr", "aug", "sept", "okt", "nov", "dec", "co", "inc", "ltd", "jr", "p",
];
const DA_TITLES: &[&str] = &["hr", "fru", "frk", "dr", "prof", "mr", "mrs", "ms", "st", "mt", "sct"];
const DA_STARTERS: &[&str] = &[
    "De", "Det", "Den", "Der", "Denne", "Dette", "Disse", "Han", "Hun", "Jeg", "Vi", "Du", "I", "Hvad", "Hvor", "Hvem", "Hvorfor",
    "Hvordan", "Men", "Og", "Så", "Hvis", "Når", "Efter", "Derfor", "Man", "How", "The", "It", "They", "He", "She",
];

const DE: &[&str] = &[
    "bzw", "usw", "vgl", "ca", "z", "b", "d", "h", "u", "a", "s", "o", "ä", "str", "jan", "feb", "apr", "aug", "sept", "okt", "nov", "dez",
    "abs", "ggf", "evtl", "inkl", "zzgl", "bspw", "etc", "geb", "gest", "jh", "jhd", "jhs", "mio", "mrd", "nr", "tel", "verh", "zb", "z.b",
    "d.h", "u.a", "s.o", "s.u", "u.ä", "o.ä", "bd", "dt", "engl", "franz", "frz", "lat", "min", "std", "tsd", "ua", "uvm",
];
const DE_TITLES: &[&str] = &["hr", "hrn", "fr", "frl", "dr", "prof", "dipl", "ing", "st", "sankt"];
const DE_STARTERS: &[&str] = &[
    "Der", "Die", "Das", "Dies", "Diese", "Dieser", "Dieses", "Er", "Sie", "Es", "Wir", "Ich", "Ihr", "Man", "Aber", "Und", "Doch", "Dann",
    "Danach", "Wenn", "Als", "Was", "Wer", "Wie", "Wo", "Warum", "Ein", "Eine", "Im", "Am", "Auch", "Nun", "So", "Damit",
];

const FR: &[&str] = &[
    "janv", "févr", "avr", "juil", "sept", "oct", "nov", "déc", "p", "av", "bd", "env", "ex", "éd", "etc", "hab", "cie", "ltd", "inc",
    "chap", "art", "al", "vol", "tél", "coll", "fig", "suiv", "vx",
];
const FR_TITLES: &[&str] = &["m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "mgr", "st", "ste", "gén", "col", "cdt", "lt"];
const FR_STARTERS: &[&str] =
    &["Le", "La", "Les", "Il", "Elle", "Ils", "Elles", "Nous", "Vous", "On", "Ce", "Cette", "Mais", "Et", "Un", "Une"];

const ES: &[&str] = &[
    "ud", "uds", "vd", "vds", "av", "avda", "pág", "págs", "núm", "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "set",
    "oct", "nov", "dic", "lun", "mié", "jue", "vie", "sáb", "dom", "admón", "aprox", "art", "arts", "cap", "cía", "dpto", "ee", "uu",
    "etc", "hs", "km", "min", "párr", "párrf", "tel", "tlf", "vol", "pza", "ej", "adj",
];
const ES_TITLES: &[&str] =
    &["sr", "sra", "sres", "sras", "srta", "srtas", "dr", "dra", "d", "dña", "lic", "ing", "prof", "mt", "gral", "sto", "sta"];
const ES_STARTERS: &[&str] = &["El", "La", "Los", "Las", "Él", "Ella", "Ellos", "Esto", "Esta", "Este", "Pero", "Y", "Un", "Una", "Yo"];

const IT: &[&str] = &[
    "es", "ecc", "etc", "pag", "pagg", "tel", "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "sett", "ott", "nov", "dic",
    "lun", "mer", "gio", "ven", "sab", "dom", "n", "nr", "art", "cap", "cfr", "vol", "ca", "az", "econ", "psicol", "idraul", "meteor",
    "amm", "st", "d", "sg", "sgg", "min", "max", "spett", "fatt",
];
const IT_TITLES: &[&str] = &[
    "sig", "sigg", "sig.ra", "sig.na", "sigra", "dott", "dott.ssa", "dottssa", "ing", "avv", "prof", "prof.ssa", "arch", "geom", "rag",
    "on", "dir", "mons", "gen", "col", "cav", "comm", "egr", "gent", "v.cte",
];
const IT_STARTERS: &[&str] =
    &["Il", "Lo", "La", "Le", "Gli", "I", "Io", "Lui", "Lei", "Noi", "Voi", "Loro", "Ma", "E", "Un", "Una", "Questo", "Questa"];

const PT: &[&str] = &[
    "jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez", "pág", "págs", "núm", "art", "cap", "cia", "etc",
    "tel", "av", "ex", "vol",
];
const PT_TITLES: &[&str] = &["sr", "sra", "srta", "dr", "dra", "prof", "profa", "eng", "exmo", "exma", "sto", "sta"];

const NL: &[&str] = &[
    "aanw", "vnw", "bijv", "bv", "blz", "bijz", "ca", "d.w.z", "e.d", "enz", "etc", "evt", "jl", "m.a.w", "nl", "nr", "o.a", "ong", "resp",
    "t.a.v", "t.o.v", "vgl", "zgn", "z.g.a.n", "jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];
const NL_TITLES: &[&str] = &["dhr", "mevr", "mw", "dr", "drs", "ir", "mr", "prof", "ing", "st"];

const PL: &[&str] = &[
    "bałt", "np", "tzn", "tj", "itd", "itp", "m.in", "ok", "ul", "al", "pl", "r", "w", "wg", "godz", "tys", "mln", "mld", "zł", "gr",
    "str", "nr", "tel", "tzw", "jw", "ww", "ang", "niem", "łac", "sty", "lut", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis",
    "gru",
];
const PL_TITLES: &[&str] = &["dr", "prof", "mgr", "inż", "hab", "doc", "ks", "gen", "płk", "św"];

const SK: &[&str] =
    &["napr", "tzv", "tj", "atď", "a.s", "s.r.o", "s", "r", "o", "č", "str", "resp", "cca", "mil", "mld", "tis", "ul", "nám", "pod", "zák"];
const SK_TITLES: &[&str] = &["p", "pán", "pani", "ing", "mgr", "judr", "mudr", "phdr", "rndr", "doc", "prof", "dr", "bc", "sv"];
const SK_STARTERS: &[&str] = &["To", "Toto", "Ten", "Tá", "Tie", "On", "Ona", "Oni", "Ja", "My", "Vy", "Ale", "Preto", "Potom"];

const TR_STARTERS: &[&str] = &["Bu", "Bir", "Ancak", "Ama", "Fakat", "Sonra", "Bunun", "O", "Onlar", "Biz", "Ben", "Şu", "Her", "Ve"];
const PT_STARTERS: &[&str] = &["O", "A", "Os", "As", "Ele", "Ela", "Eles", "Elas", "Mas", "Isso", "Este", "Esta", "Um", "Uma", "Eu", "Nós"];
const NL_STARTERS: &[&str] = &["De", "Het", "Een", "Hij", "Zij", "Ze", "Wij", "We", "Ik", "Maar", "En", "Dat", "Dit", "Er", "Daarna"];
const PL_STARTERS: &[&str] = &["To", "Ten", "Ta", "On", "Ona", "Oni", "One", "My", "Ja", "Ale", "Jednak", "Nie", "Jest", "Potem", "W"];
const EL_STARTERS: &[&str] = &["Ο", "Η", "Το", "Οι", "Τα", "Αυτό", "Αυτή", "Αλλά", "Και", "Εμείς", "Εγώ", "Στη", "Στο"];

const TR: &[&str] = &["vb", "vs", "bkz", "örn", "yy", "no", "sok", "cad", "mah", "tel", "s", "c", "m.ö", "m.s"];
const TR_TITLES: &[&str] = &["dr", "prof", "doç", "av", "sn", "yrd", "alb", "gen", "org", "st"];

/// Russian, Ukrainian, Bulgarian, Kazakh and other Cyrillic languages.
const CYRILLIC: &[&str] = &[
    "г",
    "гг",
    "т",
    "д",
    "др",
    "пр",
    "им",
    "ул",
    "стр",
    "см",
    "тыс",
    "млн",
    "млрд",
    "руб",
    "коп",
    "н",
    "э",
    "кв",
    "куб",
    "м",
    "км",
    "кг",
    "долл",
    "дол",
    "ед",
    "изд",
    "обл",
    "р",
    "рис",
    "с",
    "сб",
    "ст",
    "т.е",
    "т.д",
    "т.п",
    "т.к",
    "т.н",
    "т.г",
    "т.б",
    "у.е",
    "н.э",
    "вкл",
    "пл",
    "пгт",
    "пос",
    "дер",
    "ок",
    "пер",
    "просп",
    "тел",
    "янв",
    "февр",
    "апр",
    "авг",
    "сент",
    "окт",
    "нояб",
    "дек",
    "мин",
    "сек",
    "б.з.б",
    "б",
    "ж",
    "бул",
    "вж",
    "напр",
    "зам",
    "пом",
    "гл",
    "ч",
    "чл",
    "ін",
    "тис",
];
const CYRILLIC_TITLES: &[&str] = &["проф", "акад", "доц", "ген", "г-н", "г-жа", "д-р", "св", "тов", "гр", "пгт", "ул", "пр"];
const RU_STARTERS: &[&str] =
    &["В", "Во", "Он", "Она", "Оно", "Они", "Это", "Эта", "Этот", "Но", "И", "А", "Я", "Мы", "Вы", "После", "Тогда"];

const EL: &[&str] = &["π.χ", "κ.λπ", "κ.ά", "δηλ", "βλ", "σελ", "αρ", "τηλ", "χλμ", "εκ", "κ.α", "μ.χ", "π.μ", "μ.μ"];
const EL_TITLES: &[&str] = &["κ", "κα", "δρ", "καθ", "στρ", "αγ"];

/// The word lists for a language: (abbreviations, titles, sentence starters).
/// Languages without their own lists get those of their script.
pub fn for_language(primary: &str, script: Script) -> (Vec<&'static str>, Vec<&'static str>, Vec<&'static str>) {
    let (own, titles, starters): (&[&str], &[&str], &[&str]) = match primary {
        "en" => (EN, EN_TITLES, EN_STARTERS),
        "da" | "no" | "nb" | "nn" | "sv" => (DA, DA_TITLES, DA_STARTERS),
        "de" => (DE, DE_TITLES, DE_STARTERS),
        "fr" => (FR, FR_TITLES, FR_STARTERS),
        "es" | "ca" | "gl" => (ES, ES_TITLES, ES_STARTERS),
        "it" => (IT, IT_TITLES, IT_STARTERS),
        "pt" => (PT, PT_TITLES, PT_STARTERS),
        "nl" => (NL, NL_TITLES, NL_STARTERS),
        "pl" => (PL, PL_TITLES, PL_STARTERS),
        "sk" | "cs" => (SK, SK_TITLES, SK_STARTERS),
        "tr" | "az" => (TR, TR_TITLES, TR_STARTERS),
        "ru" | "uk" | "bg" | "be" | "kk" | "ky" | "mk" | "sr" | "tg" | "mn" => (CYRILLIC, CYRILLIC_TITLES, RU_STARTERS),
        "el" => (EL, EL_TITLES, EL_STARTERS),
        _ => match script {
            Script::Cyrillic => (CYRILLIC, CYRILLIC_TITLES, &[]),
            Script::Greek => (EL, EL_TITLES, &[]),
            _ => (EN, EN_TITLES, EN_STARTERS),
        },
    };
    // English abbreviations are common in every Latin-script text (quoted
    // company names, "U.S.", "p.m."), so they join each Latin list.
    let mut abbreviations: Vec<&str> = LATIN_COMMON.iter().chain(own).copied().collect();
    let mut all_titles: Vec<&str> = titles.to_vec();
    if primary != "en" && script == Script::Latin {
        abbreviations.extend(EN);
        all_titles.extend(EN_TITLES.iter().filter(|t| **t != "fr"));
    }
    (abbreviations, all_titles, starters.to_vec())
}

/// Languages that write ordinal numbers with a period ("am 17. März",
/// "17. madde", "5. gade"): a short number before a period is then an
/// ordinal unless a sentence starter follows.
pub fn writes_ordinal_dot(primary: &str) -> bool {
    matches!(
        primary,
        "de" | "da"
            | "no"
            | "nb"
            | "nn"
            | "sv"
            | "fi"
            | "et"
            | "lv"
            | "lt"
            | "is"
            | "cs"
            | "sk"
            | "pl"
            | "sl"
            | "hr"
            | "bs"
            | "sr"
            | "hu"
            | "tr"
    )
}
