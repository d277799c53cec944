//! Any bytes as TMX: the reader must return units or an error, never
//! panic or run away; every unit it gives must survive export and
//! re-import unchanged.
#![no_main]

use dragoman::formats::tmx::{TmxReader, TmxWriter};
use dragoman::lang::Lang;
use dragoman::memory::Unit;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(reader) = TmxReader::new(data, "fuzz.tmx") else { return };
    for tu in reader.take(1000) {
        let Ok(tu) = tu else { return };
        let langs: Vec<Lang> = tu.tuvs.iter().filter_map(|t| t.tag.clone()).collect();
        let [src, tgt, ..] = langs.as_slice() else { continue };
        if src.matches(tgt) {
            continue;
        }
        let Ok(unit) = tu.to_unit(src, tgt, "fuzz.tmx") else { continue };
        let stored = Unit {
            id: 1,
            src_lang: unit.src_lang.to_string(),
            tgt_lang: unit.tgt_lang.to_string(),
            source: unit.source.clone(),
            target: unit.target.clone(),
            document: unit.document.clone(),
            locator: unit.locator.clone(),
            created_by: unit.created_by.clone(),
            created_at: unit.created_at.clone().unwrap_or_else(|| "2024-01-01T00:00:00Z".into()),
            source_markup: unit.source_markup.clone(),
            target_markup: unit.target_markup.clone(),
            metadata: unit.metadata.clone(),
            changed_by: unit.changed_by.clone(),
            changed_at: unit.changed_at.clone(),
            superseded_by: None,
        };
        let mut writer = TmxWriter::new(Vec::new(), src.as_str()).unwrap();
        writer.write_unit(&stored).unwrap();
        let exported = writer.finish().unwrap();
        let again: Vec<_> = TmxReader::new(exported.as_slice(), "export.tmx").unwrap().collect::<Result<_, _>>().unwrap();
        let back = again[0].to_unit(src, tgt, "other.tmx").unwrap();
        assert_eq!((&back.source, &back.target), (&unit.source, &unit.target));
        assert_eq!((&back.source_markup, &back.target_markup), (&unit.source_markup, &unit.target_markup));
        assert_eq!(back.metadata, unit.metadata);
    }
});
