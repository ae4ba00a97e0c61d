//! What an audit report says about itself: title, client, scope, date, tool
//! and rule-set version, the configuration in force, and the language its
//! words are in (with those words, Dutch and English).

use crate::lang::Language;
use crate::rules::Registry;
use crate::rules::ELEMENTS;
use std::path::{Path, PathBuf};

/// What `audit` prints on standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum AuditFormat {
    /// The coverage summary as a table.
    #[default]
    Text,
    /// The summary as data (header, counts per element, language, organisation).
    Json,
}

/// `audit`'s report options (flattened into its arguments).
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// Title of the reports [default: "Privacy notice audit", in the report language].
    #[arg(long)]
    pub title: Option<String>,
    /// The client or organisation the audit is for, named in the report header.
    #[arg(long)]
    pub client: Option<String>,
    /// Language of the reports' words [default: the language of most notices].
    #[arg(long, value_enum)]
    pub report_language: Option<Language>,
    /// Date on the reports, YYYY-MM-DD [default: from SOURCE_DATE_EPOCH, else today (UTC)].
    #[arg(long, value_parser = parse_date)]
    pub date: Option<String>,
    /// Also write the reports as a spreadsheet: summary, matrix and findings sheets.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Also write one CSV row per finding, with its evidence, line and help.
    #[arg(long, value_name = "FILE")]
    pub findings_csv: Option<PathBuf>,
    /// Field separator of the CSV files (`;` opens in a Dutch Excel, `,` in an English one).
    #[arg(long, default_value = ";", value_parser = parse_delimiter)]
    pub csv_delimiter: u8,
    /// What to print on standard output: the summary table or the summary as JSON.
    #[arg(long, value_enum, default_value = "text")]
    pub format: AuditFormat,
}

fn parse_date(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if ok {
        Ok(s.to_string())
    } else {
        Err("expected a date as YYYY-MM-DD".into())
    }
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "tab" | "\\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() && !s.starts_with(['"', '\n', '\r']) => {
            Ok(s.as_bytes()[0])
        }
        _ => Err("expected one ASCII character (or `tab`), not a quote or line break".into()),
    }
}

/// The date a report carries: `--date`, else `SOURCE_DATE_EPOCH` (so reruns are
/// byte-identical), else today in UTC.
pub fn report_date(given: Option<&str>) -> String {
    if let Some(d) = given {
        return d.to_string();
    }
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    civil_date(secs.div_euclid(86_400))
}

/// Days since 1970-01-01 as YYYY-MM-DD (the proleptic Gregorian calendar).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A short fingerprint of the rule files in use (built-in, or with the
/// config's rules folder laid over them), so two reports can be told to come
/// from the same rules: `rules-` and 12 hex digits of an FNV-1a hash.
pub fn rules_version(rules_dir: Option<&Path>) -> String {
    let files = match rules_dir {
        Some(d) => crate::rules::overlay_files(d),
        None => crate::rules::builtin_files(),
    };
    let mut files = files.unwrap_or_default();
    files.sort();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (path, text) in &files {
        for b in path.bytes().chain([0]).chain(text.bytes()).chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("rules-{:012x}", h >> 16)
}

/// An element's plain names and article, from the rules catalogue.
#[derive(Debug, Clone)]
pub struct ElementName {
    pub id: &'static str,
    pub article: String,
    pub nl: String,
    pub en: String,
}

impl ElementName {
    pub fn name(&self, lang: Language) -> &str {
        match lang {
            Language::Nl => &self.nl,
            Language::En => &self.en,
        }
    }
}

/// The plain names of [`ELEMENTS`], in that order (the id when a rule set lacks one).
pub fn element_names(reg: &Registry) -> Vec<ElementName> {
    ELEMENTS
        .iter()
        .map(|id| match reg.elements.iter().find(|e| e.element == *id) {
            Some(e) => ElementName {
                id,
                article: e.article.clone(),
                nl: e.name.nl.clone(),
                en: e.name.en.clone(),
            },
            None => ElementName {
                id,
                article: String::new(),
                nl: id.to_string(),
                en: id.to_string(),
            },
        })
        .collect()
}

/// Everything a report's header says, fixed before the files are read.
#[derive(Debug, Clone)]
pub struct ReportMeta {
    pub title: Option<String>,
    pub client: Option<String>,
    /// `--report-language`; `None`: the majority language of the notices.
    pub language: Option<Language>,
    pub date: String,
    /// The audited folders and files, as given.
    pub roots: Vec<String>,
    pub tool_version: &'static str,
    pub rules_version: String,
    /// The configuration in force, as (setting, value) pairs.
    pub config: Vec<(String, String)>,
    pub elements: Vec<ElementName>,
}

impl ReportMeta {
    pub fn new(
        args: &ReportArgs,
        roots: &[PathBuf],
        rules_version: String,
        config: Vec<(String, String)>,
        elements: Vec<ElementName>,
    ) -> ReportMeta {
        ReportMeta {
            title: args.title.clone(),
            client: args.client.clone(),
            language: args.report_language,
            date: report_date(args.date.as_deref()),
            roots: roots.iter().map(|p| p.display().to_string()).collect(),
            tool_version: env!("CARGO_PKG_VERSION"),
            rules_version,
            config,
            elements,
        }
    }

    /// The report's title in `lang`.
    pub fn title(&self, lang: Language) -> String {
        self.title
            .clone()
            .unwrap_or_else(|| labels(lang).default_title.to_string())
    }
}

/// Paths as a report shows them: relative to the audited folder. With one
/// folder, its own name is left out; with several, each keeps its last name
/// so files of two folders stay apart; a file given itself keeps its name.
#[derive(Debug, Clone)]
pub struct Relativiser {
    bases: Vec<String>,
}

impl Relativiser {
    pub fn new(roots: &[PathBuf]) -> Relativiser {
        let single_dir = roots.len() == 1 && roots[0].is_dir();
        let bases = roots
            .iter()
            .map(|r| {
                let base: &Path = if single_dir {
                    r
                } else {
                    r.parent().unwrap_or(Path::new(""))
                };
                let mut s = base.display().to_string();
                if !s.is_empty() && !s.ends_with(['/', std::path::MAIN_SEPARATOR]) {
                    s.push(std::path::MAIN_SEPARATOR);
                }
                s
            })
            .collect();
        Relativiser { bases }
    }

    /// `path` without the longest base it starts with; `/` as separator.
    pub fn relative(&self, path: &str) -> String {
        let rest = self
            .bases
            .iter()
            .filter(|b| !b.is_empty() && path.starts_with(b.as_str()))
            .max_by_key(|b| b.len())
            .map_or(path, |b| &path[b.len()..]);
        let rest = rest.strip_prefix("./").unwrap_or(rest);
        if std::path::MAIN_SEPARATOR == '\\' {
            rest.replace('\\', "/")
        } else {
            rest.to_string()
        }
    }
}

/// The words of a report, in one language.
pub struct Labels {
    pub lang: &'static str,
    pub default_title: &'static str,
    pub client: &'static str,
    pub date: &'static str,
    pub scope: &'static str,
    pub folders: &'static str,
    pub files: &'static str,
    pub tool: &'static str,
    pub rule_set: &'static str,
    pub configuration: &'static str,
    pub method: &'static str,
    pub method_text: &'static str,
    pub disclaimer: &'static str,
    pub disclaimer_text: &'static str,
    pub summary: &'static str,
    pub notices: &'static str,
    pub not_notices: &'static str,
    pub errors: &'static str,
    pub findings: &'static str,
    pub severities: [&'static str; 3],
    /// After a count: "3 errors".
    pub severities_counted: [&'static str; 3],
    pub statuses: [&'static str; 5],
    pub kinds: [&'static str; 3],
    pub element: &'static str,
    pub article: &'static str,
    pub pass_rate: &'static str,
    pub pass_rate_hint: &'static str,
    pub language: &'static str,
    pub organisation: &'static str,
    pub coverage: &'static str,
    pub coverage_hint: &'static str,
    pub reasons: &'static str,
    pub reason: &'static str,
    pub elements: &'static str,
    pub matrix: &'static str,
    pub path: &'static str,
    pub kind: &'static str,
    pub format: &'static str,
    pub none: &'static str,
}

pub const EN: Labels = Labels {
    lang: "en",
    default_title: "Privacy notice audit",
    client: "Client",
    date: "Date",
    scope: "Scope",
    folders: "Audited",
    files: "files",
    tool: "Tool",
    rule_set: "rule set",
    configuration: "Configuration",
    method: "Method",
    method_text: "avglint reads each file, decides whether it is a privacy notice and, for each notice, looks for the information that Articles 13 and 14 GDPR require: who the controller is and how to reach it, the purposes and legal basis, recipients, transfers, retention, the data subject's rights and the other listed items. Each element is marked present, vague, absent, not applicable or unclear, with the sentences that led to that verdict. It matches wording; it cannot tell whether a statement is true, whether the processing itself is lawful, or whether the notice fits what the organisation actually does.",
    disclaimer: "Disclaimer",
    disclaimer_text: "This report is produced automatically and supports, but does not replace, a review by a privacy professional. A present element can still be incomplete or wrong; an absent one may be worded in a way the rules do not recognise. No rights can be derived from it.",
    summary: "Summary",
    notices: "notices",
    not_notices: "not a notice",
    errors: "unreadable",
    findings: "Findings",
    severities: ["info", "warning", "error"],
    severities_counted: ["info", "warnings", "errors"],
    statuses: ["present", "vague", "absent", "not applicable", "unclear"],
    kinds: ["notice", "not a notice", "unreadable"],
    element: "Element",
    article: "Article",
    pass_rate: "Pass rate",
    pass_rate_hint: "Pass rate: present, out of the notices the element applies to.",
    language: "Language",
    organisation: "Organisation",
    coverage: "Coverage",
    coverage_hint: "Coverage: present elements, out of the applicable elements of those notices.",
    reasons: "Files that are not judged as notices",
    reason: "Reason",
    elements: "Elements",
    matrix: "Coverage matrix",
    path: "File",
    kind: "Kind",
    format: "Format",
    none: "none",
};

pub const NL: Labels = Labels {
    lang: "nl",
    default_title: "Audit van privacyverklaringen",
    client: "Opdrachtgever",
    date: "Datum",
    scope: "Omvang",
    folders: "Onderzocht",
    files: "bestanden",
    tool: "Hulpmiddel",
    rule_set: "regelset",
    configuration: "Instellingen",
    method: "Werkwijze",
    method_text: "avglint leest elk bestand, bepaalt of het een privacyverklaring is en zoekt per verklaring de informatie die de artikelen 13 en 14 AVG vragen: wie de verwerkingsverantwoordelijke is en hoe die te bereiken is, de doelen en de grondslag, de ontvangers, doorgiften, bewaartermijnen, de rechten van betrokkenen en de andere genoemde onderdelen. Elk onderdeel krijgt de status aanwezig, vaag, afwezig, niet van toepassing of onduidelijk, met de zinnen waarop dat oordeel rust. Het vergelijkt formuleringen; of een uitspraak klopt, of de verwerking zelf rechtmatig is en of de verklaring past bij wat de organisatie werkelijk doet, kan het niet beoordelen.",
    disclaimer: "Voorbehoud",
    disclaimer_text: "Dit rapport is automatisch gemaakt en ondersteunt een beoordeling door een privacydeskundige, maar vervangt die niet. Een aanwezig onderdeel kan onvolledig of onjuist zijn; een afwezig onderdeel kan anders verwoord zijn dan de regels herkennen. Aan dit rapport kunnen geen rechten worden ontleend.",
    summary: "Samenvatting",
    notices: "verklaringen",
    not_notices: "geen verklaring",
    errors: "onleesbaar",
    findings: "Bevindingen",
    severities: ["info", "waarschuwing", "fout"],
    severities_counted: ["info", "waarschuwingen", "fouten"],
    statuses: ["aanwezig", "vaag", "afwezig", "n.v.t.", "onduidelijk"],
    kinds: ["verklaring", "geen verklaring", "onleesbaar"],
    element: "Onderdeel",
    article: "Artikel",
    pass_rate: "Score",
    pass_rate_hint: "Score: aanwezig, van de verklaringen waarvoor het onderdeel geldt.",
    language: "Taal",
    organisation: "Organisatie",
    coverage: "Dekking",
    coverage_hint: "Dekking: aanwezige onderdelen, van de onderdelen die voor die verklaringen gelden.",
    reasons: "Bestanden die niet als verklaring zijn beoordeeld",
    reason: "Reden",
    elements: "Onderdelen",
    matrix: "Dekkingsmatrix",
    path: "Bestand",
    kind: "Soort",
    format: "Formaat",
    none: "geen",
};

pub fn labels(lang: Language) -> &'static Labels {
    match lang {
        Language::Nl => &NL,
        Language::En => &EN,
    }
}

/// An organisation type in plain words (the code itself when unknown to us).
pub fn organisation_text(code: &str, lang: Language) -> String {
    let nl = lang == Language::Nl;
    match code {
        "public_authority" if nl => "overheid",
        "public_authority" => "public authority",
        "company" if nl => "bedrijf",
        "company" => "company",
        "nonprofit" if nl => "non-profit",
        "nonprofit" => "nonprofit",
        "unknown" if nl => "onbekend",
        "unknown" => "unknown",
        other => other,
    }
    .to_string()
}

/// Why a file is no notice, or could not be read, in plain words.
pub fn reason_text(code: &str, lang: Language) -> &'static str {
    let nl = lang == Language::Nl;
    match code {
        "other_document_title" if nl => "de titel noemt een ander soort document",
        "other_document_title" => "its title names another kind of document",
        "about_notices" if nl => "gaat over privacyverklaringen (uitleg of sjabloon)",
        "about_notices" => "about privacy notices (guidance or a template), not one",
        "names_itself_other" if nl => "noemt zichzelf steeds een ander soort document",
        "names_itself_other" => "keeps calling itself another kind of document",
        "few_processing_statements" if nl => {
            "geen privacytitel en te weinig uitspraken over eigen verwerking"
        }
        "few_processing_statements" => {
            "no privacy title and too few statements about its own processing"
        }
        "structured_data" if nl => "gestructureerde gegevens zonder TILT-sleutels",
        "structured_data" => "structured data without TILT keys",
        "io" if nl => "kon niet worden gelezen",
        "io" => "could not be read",
        "unjudgeable" if nl => "niet te beoordelen (leeg, binair of te groot)",
        "unjudgeable" => "not something avglint can judge (empty, binary or too large)",
        "internal" if nl => "avglint faalde op dit bestand",
        "internal" => "avglint failed on this file",
        "unknown" if nl => "geen reden vastgelegd",
        "unknown" => "no reason recorded",
        _ if nl => "onleesbaar",
        _ => "unreadable",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_454), "2026-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }

    #[test]
    fn dates_and_delimiters_parse() {
        assert!(parse_date("2026-11-30").is_ok());
        assert!(parse_date("30-11-2026").is_err());
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert!(parse_delimiter("\"").is_err());
        assert!(parse_delimiter(";;").is_err());
    }

    #[test]
    fn paths_relative_to_the_audited_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("notices");
        std::fs::create_dir_all(&root).unwrap();
        let r = Relativiser::new(std::slice::from_ref(&root));
        let file = root.join("nl").join("a.md").display().to_string();
        assert_eq!(r.relative(&file), "nl/a.md");
        let two = Relativiser::new(&[root.clone(), dir.path().join("other")]);
        assert_eq!(two.relative(&file), "notices/nl/a.md");
    }
}
