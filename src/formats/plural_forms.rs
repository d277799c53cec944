//! The gettext `Plural-Forms` header of a language: how many plural
//! forms (`nplurals`) a PO catalogue in it has and which one a number
//! takes (`plural=`), for writing catalogues that `msgfmt --check` and
//! translation tools read with the right number of `msgstr[n]`.
//!
//! Where the table comes from: the languages GNU gettext knows are as
//! gettext 0.21's own table (`gettext-tools/src/plural-table.c`) has
//! them, copied from what `msginit -l LANG` writes (bg cs da de el en es
//! et fi fr ga he hr hu it ja ko lt lv nb nl pl pt pt_BR ro ru sk sl sr
//! sv tr uk vi); the others, which that table lacks (ar fa zh and the
//! rest below), are as translate-toolkit 3.20.4 has them in
//! `translate/lang/data.py`, whose table follows Unicode CLDR's plural
//! rules. Both tables give the same counts for the languages they share
//! but Irish (gettext 3 forms, CLDR 5; gettext's is kept, as `msginit`
//! writes it); a test checks the table against both where they are
//! installed.
//!
//! ```
//! use dragoman::formats::plural_forms::{nplurals, plural_forms};
//!
//! assert_eq!(plural_forms("fr"), Some("nplurals=2; plural=(n > 1);"));
//! assert_eq!(plural_forms("pt-BR"), Some("nplurals=2; plural=(n > 1);"));
//! assert_eq!(plural_forms("pt-PT"), Some("nplurals=2; plural=(n != 1);"));
//! assert_eq!(nplurals("ar"), Some(6));
//! assert_eq!(nplurals("zh-Hant-TW"), Some(1));
//! assert_eq!(plural_forms("tlh"), None);
//! ```

/// Language (gettext's `ll` or `ll_CC`) → `Plural-Forms` value.
const TABLE: &[(&str, &str)] = &[
    // GNU gettext 0.21 plural-table.c (as `msginit` writes it)
    ("bg", "nplurals=2; plural=(n != 1);"),
    ("cs", "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"),
    ("da", "nplurals=2; plural=(n != 1);"),
    ("de", "nplurals=2; plural=(n != 1);"),
    ("el", "nplurals=2; plural=(n != 1);"),
    ("en", "nplurals=2; plural=(n != 1);"),
    ("es", "nplurals=2; plural=(n != 1);"),
    ("et", "nplurals=2; plural=(n != 1);"),
    ("fi", "nplurals=2; plural=(n != 1);"),
    ("fr", "nplurals=2; plural=(n > 1);"),
    ("ga", "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;"),
    ("he", "nplurals=2; plural=(n != 1);"),
    ("hr", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"),
    ("hu", "nplurals=2; plural=(n != 1);"),
    ("it", "nplurals=2; plural=(n != 1);"),
    ("ja", "nplurals=1; plural=0;"),
    ("ko", "nplurals=1; plural=0;"),
    ("lt", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);"),
    ("lv", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);"),
    ("nb", "nplurals=2; plural=(n != 1);"),
    ("nl", "nplurals=2; plural=(n != 1);"),
    ("pl", "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"),
    ("pt", "nplurals=2; plural=(n != 1);"),
    ("pt_BR", "nplurals=2; plural=(n > 1);"),
    ("ro", "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;"),
    ("ru", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"),
    ("sk", "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"),
    ("sl", "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);"),
    ("sr", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"),
    ("sv", "nplurals=2; plural=(n != 1);"),
    ("tr", "nplurals=2; plural=(n != 1);"),
    ("uk", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"),
    ("vi", "nplurals=1; plural=0;"),
    // translate-toolkit 3.20.4 translate/lang/data.py (after CLDR)
    ("am", "nplurals=2; plural=(n > 1);"),
    ("ar", "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"),
    ("bn", "nplurals=2; plural=(n > 1);"),
    ("ca", "nplurals=2; plural=(n != 1);"),
    ("fa", "nplurals=2; plural=(n > 1);"),
    ("hi", "nplurals=2; plural=(n > 1);"),
    ("id", "nplurals=1; plural=0;"),
    ("ku", "nplurals=2; plural=(n != 1);"),
    ("ms", "nplurals=1; plural=0;"),
    ("ps", "nplurals=2; plural=(n != 1);"),
    ("sw", "nplurals=2; plural=(n != 1);"),
    ("th", "nplurals=1; plural=0;"),
    ("ur", "nplurals=2; plural=(n != 1);"),
    // translate-toolkit lists zh_CN and zh_TW alike (one form)
    ("zh", "nplurals=1; plural=0;"),
];

/// The `Plural-Forms` value for a language tag (BCP 47 `pt-BR` or
/// gettext `pt_BR`; a region the table lists is used, else the language
/// alone), `None` for a language the table lacks.
pub fn plural_forms(tag: &str) -> Option<&'static str> {
    let mut parts = tag.split(['-', '_']).filter(|p| !p.is_empty());
    let language = parts.next()?.to_ascii_lowercase();
    let region = parts.find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic())).map(str::to_ascii_uppercase);
    let find = |key: &str| TABLE.iter().find(|(l, _)| *l == key).map(|(_, forms)| *forms);
    region.and_then(|r| find(&format!("{language}_{r}"))).or_else(|| find(&language))
}

/// `nplurals` of the language's `Plural-Forms`.
pub fn nplurals(tag: &str) -> Option<usize> {
    let forms = plural_forms(tag)?;
    forms.strip_prefix("nplurals=")?.split(';').next()?.trim().parse().ok()
}

/// The languages of the table (gettext's `ll` / `ll_CC`), for tests.
pub fn languages() -> impl Iterator<Item = &'static str> {
    TABLE.iter().map(|(l, _)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `msginit -l LANG` writes for `Plural-Forms`, `None` when
    /// msginit is missing (skipped outside CI) or has no entry for it.
    fn msginit(language: &str) -> Option<String> {
        let dir = tempfile::tempdir().unwrap();
        let pot = dir.path().join("x.pot");
        std::fs::write(&pot, "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n").unwrap();
        let out = dir.path().join("x.po");
        let mut command = std::process::Command::new("msginit");
        command.args(["--no-translator", "-l", language, "-i"]).arg(&pot).arg("-o").arg(&out).env("LC_ALL", "C");
        crate::formats::checker::output_of(&mut command, "the plural forms table is not checked", "Debian: apt-get install gettext")?;
        let text = std::fs::read_to_string(&out).ok()?;
        let catalogue = crate::formats::po::PoCatalogue::parse(text.as_bytes(), "x.po").unwrap();
        catalogue.header_field("Plural-Forms").map(str::to_string)
    }

    #[test]
    fn the_table_says_what_gettext_and_translate_toolkit_say() {
        let mut checked = 0;
        for language in languages() {
            if let Some(theirs) = msginit(language) {
                assert_eq!(plural_forms(language), Some(theirs.as_str()), "{language}: msginit");
                checked += 1;
            }
        }
        // gettext 0.21 knows these (fewer only where msginit is missing)
        assert!(checked == 0 || checked >= 33, "{checked}");
        // translate-toolkit's table: the number of forms of every language here
        let list = languages().map(|l| format!("'{l}'")).collect::<Vec<_>>().join(", ");
        let script = format!(
            "import json\nfrom translate.lang import data\nprint(json.dumps({{l: (data.languages.get(l) or data.languages[l + '_CN'])[1] for l in [{list}]}}))"
        );
        let Some(json) = crate::formats::checker::translate_toolkit(&script, &[], "the plural forms table") else { return };
        let counts: std::collections::HashMap<String, usize> = serde_json::from_str(&json).unwrap();
        for language in languages().filter(|&l| l != "ga") {
            assert_eq!(Some(counts[language]), nplurals(language), "{language}: translate-toolkit");
        }
    }

    #[test]
    fn tags_are_found_by_region_then_language() {
        assert_eq!(plural_forms("pt_BR"), Some("nplurals=2; plural=(n > 1);"));
        assert_eq!(plural_forms("PT-br"), Some("nplurals=2; plural=(n > 1);"));
        assert_eq!(nplurals("sr-Latn-RS"), Some(3));
        assert_eq!(nplurals("fa-IR"), Some(2));
        assert_eq!(nplurals("he"), Some(2));
        assert_eq!(nplurals("tr"), Some(2));
        assert_eq!(nplurals(""), None);
    }
}
