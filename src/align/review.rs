//! Review output for people checking an alignment before they trust it:
//! a self-contained HTML page (source and target side by side, one row
//! per bead, coloured by confidence, doubtful rows and 1-0/0-1 beads
//! flagged, right-to-left text shown right to left) and TSV for
//! spreadsheets.

use super::Bead;
use std::io::{self, Write};

/// One side of an aligned pair, as the review shows it.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// File name or title shown in the header.
    pub name: &'a str,
    /// BCP-47 tag shown in the header and set as `lang`.
    pub lang: &'a str,
    /// Whether the text runs right to left (Arabic, Persian, Hebrew …).
    pub rtl: bool,
    /// Joiner between sentences of one bead ("" for Chinese, " " else).
    pub joiner: &'a str,
    pub sentences: &'a [String],
}

/// How a bead is flagged in a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// Nothing to check.
    None,
    /// Confidence below the threshold.
    Check,
    /// One side is empty (1-0 or 0-1).
    Unaligned,
}

/// The flag of a bead given the confidence below which rows are
/// flagged.
pub fn flag(bead: &Bead, threshold: f64) -> Flag {
    if bead.src.is_empty() || bead.tgt.is_empty() {
        Flag::Unaligned
    } else if bead.confidence < threshold {
        Flag::Check
    } else {
        Flag::None
    }
}

impl Side<'_> {
    /// The sentences at `indices` as one text, joined as the language
    /// joins sentences.
    pub fn text(&self, indices: &[usize]) -> String {
        indices.iter().map(|&i| self.sentences[i].as_str()).collect::<Vec<_>>().join(self.joiner)
    }
}

fn numbers(indices: &[usize]) -> String {
    match indices {
        [] => "—".to_string(),
        [one] => (one + 1).to_string(),
        [first, .., last] => format!("{}–{}", first + 1, last + 1),
    }
}

/// Writes the review page. Fails only when `out` does.
pub fn write_html(out: &mut impl Write, src: &Side, tgt: &Side, beads: &[Bead], threshold: f64) -> io::Result<()> {
    let flagged = beads.iter().filter(|b| flag(b, threshold) != Flag::None).count();
    writeln!(out, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(out, "<title>{} ↔ {}</title>", crate::text::escape_html(src.name), crate::text::escape_html(tgt.name))?;
    out.write_all(
        br#"<style>
body { font-family: system-ui, sans-serif; margin: 1.5em; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border-bottom: 1px solid #ddd; padding: .4em .6em; vertical-align: top; }
th { text-align: left; background: #f4f4f4; position: sticky; top: 0; }
col.n { width: 3.5em; } col.shape { width: 3.5em; } col.conf { width: 5em; }
td.num { color: #777; font-size: .85em; }
td.conf { font-variant-numeric: tabular-nums; }
tr.check td.conf, tr.unaligned td.conf { font-weight: bold; }
tr.check { outline: 2px solid #d08700; }
tr.unaligned { outline: 2px dashed #b00; }
.flag { display: inline-block; font-size: .75em; padding: 0 .3em; border-radius: .2em; color: #fff; }
tr.check .flag { background: #d08700; } tr.unaligned .flag { background: #b00; }
td.empty { color: #aaa; }
p.legend span { padding: 0 .4em; }
</style>
</head>
<body>
"#,
    )?;
    writeln!(out, "<h1>{} ↔ {}</h1>", crate::text::escape_html(src.name), crate::text::escape_html(tgt.name))?;
    writeln!(
        out,
        "<p>{} beads; {} flagged (confidence below {:.2}, or a sentence left unaligned). \
         Row colour: green = sure, yellow = unsure, red = doubtful.</p>",
        beads.len(),
        flagged,
        threshold
    )?;
    writeln!(out, "<table>\n<colgroup><col class=\"n\"><col class=\"shape\"><col class=\"conf\"><col><col></colgroup>")?;
    writeln!(
        out,
        "<thead><tr><th>#</th><th>bead</th><th>conf.</th><th lang=\"{}\">{} ({})</th><th lang=\"{}\">{} ({})</th></tr></thead>\n<tbody>",
        crate::text::escape_html(src.lang),
        crate::text::escape_html(src.name),
        crate::text::escape_html(src.lang),
        crate::text::escape_html(tgt.lang),
        crate::text::escape_html(tgt.name),
        crate::text::escape_html(tgt.lang)
    )?;
    for (k, bead) in beads.iter().enumerate() {
        let f = flag(bead, threshold);
        let class = match f {
            Flag::None => "ok",
            Flag::Check => "check",
            Flag::Unaligned => "unaligned",
        };
        // hue from red (0) to green (120) with the confidence
        let hue = (bead.confidence.clamp(0.0, 1.0) * 120.0).round();
        let badge = match f {
            Flag::None => String::new(),
            Flag::Check => " <span class=\"flag\">check</span>".to_string(),
            Flag::Unaligned => " <span class=\"flag\">unaligned</span>".to_string(),
        };
        writeln!(
            out,
            "<tr class=\"{class}\" style=\"background: hsl({hue}, 70%, 94%)\"><td class=\"num\">{}</td><td class=\"num\">{}-{}</td><td class=\"conf\">{:.2}{badge}</td>",
            k + 1,
            bead.src.len(),
            bead.tgt.len(),
            bead.confidence
        )?;
        for (side, indices) in [(src, &bead.src), (tgt, &bead.tgt)] {
            let dir = if side.rtl { "rtl" } else { "ltr" };
            if indices.is_empty() {
                writeln!(out, "<td class=\"empty\">—</td>")?;
            } else {
                writeln!(
                    out,
                    "<td lang=\"{}\" dir=\"{dir}\"><span class=\"num\" dir=\"ltr\">{}</span> {}</td>",
                    crate::text::escape_html(side.lang),
                    numbers(indices),
                    crate::text::escape_html(&side.text(indices))
                )?;
            }
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>\n</table>\n</body>\n</html>")?;
    Ok(())
}

/// Writes one header line and one line per bead: number, shape,
/// confidence, flag, source sentence numbers (1-based), target sentence
/// numbers, source text, target text. Tabs and line breaks inside the
/// text become spaces. Fails only when `out` does.
pub fn write_tsv(out: &mut impl Write, src: &Side, tgt: &Side, beads: &[Bead], threshold: f64) -> io::Result<()> {
    writeln!(out, "bead\tshape\tconfidence\tflag\tsrc_sentences\ttgt_sentences\tsource\ttarget")?;
    let clean = |s: String| s.replace(['\t', '\n', '\r'], " ");
    for (k, bead) in beads.iter().enumerate() {
        let f = match flag(bead, threshold) {
            Flag::None => "",
            Flag::Check => "check",
            Flag::Unaligned => "unaligned",
        };
        let list = |v: &[usize]| v.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join(",");
        writeln!(
            out,
            "{}\t{}-{}\t{:.3}\t{f}\t{}\t{}\t{}\t{}",
            k + 1,
            bead.src.len(),
            bead.tgt.len(),
            bead.confidence,
            list(&bead.src),
            list(&bead.tgt),
            clean(src.text(&bead.src)),
            clean(tgt.text(&bead.tgt))
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beads() -> Vec<Bead> {
        vec![
            Bead { src: vec![0], tgt: vec![0], confidence: 0.97 },
            Bead { src: vec![1], tgt: vec![], confidence: 0.8 },
            Bead { src: vec![2], tgt: vec![1, 2], confidence: 0.3 },
        ]
    }

    fn sides<'a>(src: &'a [String], tgt: &'a [String]) -> (Side<'a>, Side<'a>) {
        (
            Side { name: "a.ar.txt", lang: "ar", rtl: true, joiner: " ", sentences: src },
            Side { name: "a.en.txt", lang: "en", rtl: false, joiner: " ", sentences: tgt },
        )
    }

    #[test]
    fn the_page_flags_doubtful_and_unaligned_rows_and_sets_direction() {
        let src: Vec<String> = ["وصل الوفد.", "خلفية.", "بدأت <المحادثات>."].map(String::from).to_vec();
        let tgt: Vec<String> = ["The delegation arrived.", "Talks began.", "They went on & on."].map(String::from).to_vec();
        let (s, t) = sides(&src, &tgt);
        let mut out = Vec::new();
        write_html(&mut out, &s, &t, &beads(), 0.5).unwrap();
        let page = String::from_utf8(out).unwrap();
        assert_eq!(page.matches("<tr class=").count(), 3);
        assert_eq!(page.matches("<tr class=\"unaligned\"").count(), 1);
        assert_eq!(page.matches("<tr class=\"check\"").count(), 1);
        assert!(page.contains("dir=\"rtl\""), "Arabic cells run right to left");
        assert!(page.contains("&lt;المحادثات&gt;") && page.contains("on &amp; on"), "text is escaped");
        assert!(!page.contains("http"), "self-contained: no links to fetch");
    }

    #[test]
    fn tsv_has_a_header_and_one_line_per_bead() {
        let src: Vec<String> = ["a\tb", "c", "d"].map(String::from).to_vec();
        let tgt: Vec<String> = ["x", "y", "z"].map(String::from).to_vec();
        let (s, t) = sides(&src, &tgt);
        let mut out = Vec::new();
        write_tsv(&mut out, &s, &t, &beads(), 0.5).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[1], "1\t1-1\t0.970\t\t1\t1\ta b\tx");
        assert_eq!(lines[3], "3\t1-2\t0.300\tcheck\t3\t2,3\td\ty z");
        assert!(lines.iter().all(|l| l.split('\t').count() == 8));
    }
}
